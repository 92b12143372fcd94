"""The pipeline from introduction to an accepted contract, with its rules and history."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from techbridge.cooperation import services
from techbridge.cooperation.choices import CaseStage
from techbridge.cooperation.models import CooperationContract
from techbridge.core.choices import Role
from techbridge.institutes.models import ResearchInstitute
from techbridge.matching.models import MatchDecision
from techbridge.matching.services import record_decision
from techbridge.needs.choices import Confidentiality, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(user_factory: Any) -> Any:
    return user_factory("hq-pipe", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)


@pytest.fixture
def need() -> TechnologyNeed:
    need = TechnologyNeed.objects.filter(
        status=NeedStatus.OPEN, confidentiality=Confidentiality.STAFF_ONLY, cases__isnull=True
    ).first()
    assert need is not None
    return need


def _introduce(hq: Any, need: TechnologyNeed) -> Any:
    institute = ResearchInstitute.objects.first()
    assert institute is not None
    record_decision(hq, need, "institute", str(institute.pk), "introduced")
    return need.cases.get()


def test_introduction_opens_a_case_once(hq: Any, need: TechnologyNeed) -> None:
    case = _introduce(hq, need)
    assert case.stage == CaseStage.INTRODUCED and case.institute is not None
    record_decision(hq, need, "institute", case.resource_id, "introduced")
    assert need.cases.count() == 1


def test_from_introduction_to_accepted(hq: Any, need: TechnologyNeed) -> None:
    case = _introduce(hq, need)
    services.move_case(hq, case, CaseStage.IN_CONTACT)
    services.move_case(hq, case, CaseStage.NEGOTIATING, note="报价中")
    with pytest.raises(services.CooperationError):
        services.move_case(hq, case, CaseStage.IN_DELIVERY)  # no contract yet
    today = dt.date.today()
    contract = services.record_contract(
        hq,
        case,
        contractor=case.institute,
        value_cny=Decimal(800_000),
        signed_on=today,
        start_on=today,
        end_on=today + dt.timedelta(days=365),
        milestones=[
            services.MilestoneInput("方案评审", today + dt.timedelta(days=60), Decimal(200_000)),
            services.MilestoneInput("样品交付", today + dt.timedelta(days=300), Decimal(600_000)),
        ],
    )
    case.refresh_from_db()
    need.refresh_from_db()
    assert case.stage == CaseStage.CONTRACTED and case.contract == contract
    assert need.status == NeedStatus.CONTRACTED
    assert contract.client_id == need.enterprise_id and contract.milestones.count() == 2
    assert MatchDecision.objects.filter(need=need, action="contracted").exists()
    services.move_case(hq, case, CaseStage.IN_DELIVERY)
    services.move_case(hq, case, CaseStage.ACCEPTED)
    contract.refresh_from_db()
    assert contract.status == "accepted"
    stages = list(case.changes.values_list("to_stage", flat=True))
    assert stages == [
        "introduced",
        "in_contact",
        "negotiating",
        "contracted",
        "in_delivery",
        "accepted",
    ]
    spent = services.time_in_stages(case)
    assert set(spent) == set(stages)
    with pytest.raises(services.CooperationError):
        services.move_case(hq, case, CaseStage.LOST, note="x")  # finished cases stay finished


def test_no_going_back_and_lost_needs_a_reason(hq: Any, need: TechnologyNeed) -> None:
    case = _introduce(hq, need)
    services.move_case(hq, case, CaseStage.NEGOTIATING)
    with pytest.raises(services.CooperationError):
        services.move_case(hq, case, CaseStage.IN_CONTACT)
    with pytest.raises(services.CooperationError):
        services.move_case(hq, case, CaseStage.LOST)
    services.move_case(hq, case, CaseStage.LOST, note="企业预算取消")
    case.refresh_from_db()
    assert case.stage == CaseStage.LOST and case.lost_reason == "企业预算取消"


def test_bad_contract_writes_nothing(hq: Any, need: TechnologyNeed) -> None:
    case = _introduce(hq, need)
    before = CooperationContract.objects.count()
    today = dt.date.today()
    with pytest.raises(services.CooperationError):
        services.record_contract(
            hq,
            case,
            contractor=case.institute,
            value_cny=Decimal(100),
            signed_on=today,
            start_on=today,
            end_on=today + dt.timedelta(days=30),
            milestones=[services.MilestoneInput("全部", today, Decimal(500))],
        )
    assert CooperationContract.objects.count() == before
    case.refresh_from_db()
    assert case.stage == CaseStage.INTRODUCED


def test_outsiders_cannot_see_or_move_cases(
    hq: Any, need: TechnologyNeed, user_factory: Any
) -> None:
    case = _introduce(hq, need)
    outsider = user_factory(
        "ent-case", Enterprise.objects.exclude(pk=need.enterprise_id).first(), Role.ENTERPRISE_USER
    )
    assert not services.visible_cases(outsider).filter(pk=case.pk).exists()
    with pytest.raises(services.CooperationError):
        services.move_case(outsider, case, CaseStage.IN_CONTACT)
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/cooperation/cases/{case.pk}/").status_code == 404
    assert case.need.title not in client.get("/cooperation/pipeline/").content.decode()


def test_board_list_and_contract_pages(hq: Any, need: TechnologyNeed) -> None:
    case = _introduce(hq, need)
    client = Client()
    client.force_login(hq)
    board = client.get("/cooperation/pipeline/").content.decode()
    assert 'data-testid="case-card"' in board and f"/cooperation/cases/{case.pk}/" in board
    listing = client.get("/en/cooperation/pipeline/?view=list").content.decode()
    assert escape(case.resource_name_en or case.resource_name) in listing
    assert "Introduced" in listing
    contracts = client.get("/cooperation/contracts/?overdue=1").content.decode()
    assert 'data-testid="overdue"' in contracts  # the demo has overdue milestones
    assert client.get("/cooperation/jics/").status_code == 200
    assert client.get("/en/cooperation/major-projects/").status_code == 200


def test_the_contract_list_pages_sorts_and_searches(hq: Any) -> None:
    client = Client()
    client.force_login(hq)
    total = CooperationContract.objects.count()
    assert total > 200  # more than the list once showed
    first = client.get("/cooperation/contracts/")
    table = first.context["table"]
    assert table.paginator.count == total and len(table.page.object_list) == 50
    last = client.get(f"/cooperation/contracts/?page={table.paginator.num_pages}")
    assert last.status_code == 200 and len(last.context["table"].page.object_list) >= 1
    by_value = client.get("/cooperation/contracts/?sort=-value_cny").context["table"]
    values = [row.record.value_cny for row in by_value.page.object_list]
    assert values == sorted(values, reverse=True)
    newest = CooperationContract.objects.order_by("-pk").first()
    assert newest is not None
    found = client.get("/cooperation/contracts/", {"q": newest.contract_number})
    assert [r.record.pk for r in found.context["table"].page.object_list] == [newest.pk]
    assert f"/cooperation/contracts/{newest.pk}/" in found.content.decode()
