"""One write path per workflow step: the page, the API and the register import of a step all
go through its service and leave the same traces (need status, need event, audit entry,
match feedback)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from techbridge.cooperation.choices import CaseStage
from techbridge.cooperation.models import CooperationCase, CooperationContract
from techbridge.institutes.models import ResearchInstitute
from techbridge.matching.models import MatchDecision
from techbridge.needs.choices import Confidentiality, NeedEventKind, NeedStatus
from techbridge.needs.models import TechnologyNeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    client = Client()
    client.force_login(get_user_model().objects.get(username="hq"))
    return client


def _open_needs(count: int) -> list[TechnologyNeed]:
    needs = list(
        TechnologyNeed.objects.filter(
            status=NeedStatus.OPEN,
            confidentiality=Confidentiality.STAFF_ONLY,
            cases__isnull=True,
            contracts__isnull=True,
        ).order_by("pk")[:count]
    )
    assert len(needs) == count
    return needs


def _traces(need: TechnologyNeed, contract: CooperationContract) -> dict[str, Any]:
    """What the contract step leaves behind, in a form comparable across entry points."""
    need.refresh_from_db()
    event = need.events.filter(kind=NeedEventKind.CONTRACTED).get()
    audited = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CooperationContract),
        object_pk=str(contract.pk),
        action=LogEntry.Action.CREATE,
    ).exists()
    need_audited = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(TechnologyNeed),
        object_pk=str(need.pk),
        action=LogEntry.Action.UPDATE,
    ).exists()
    return {
        "need status": need.status,
        "event from": event.from_status,
        "event names the contract": event.note == contract.contract_number,
        "contract audited": audited,
        "need audited": need_audited,
    }


EXPECTED = {
    "need status": NeedStatus.CONTRACTED,
    "event from": NeedStatus.MATCHED,
    "event names the contract": True,
    "contract audited": True,
    "need audited": True,
}


def _introduce(hq: Client, need: TechnologyNeed) -> CooperationCase:
    """Introduce an institute through the API: the need becomes matched, a case opens."""
    institute = ResearchInstitute.objects.order_by("pk").first()
    assert institute is not None
    response = hq.post(
        f"/api/needs/{need.pk}/decisions/",
        {"resource_type": "institute", "resource_id": str(institute.pk), "action": "introduced"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    assert need.events.filter(kind=NeedEventKind.MATCHED, from_status=NeedStatus.OPEN).exists()
    return need.cases.get()


def test_a_contract_leaves_the_same_traces_from_page_api_and_import(hq: Client) -> None:
    page_need, api_need, import_need = _open_needs(3)
    for need in (page_need, api_need, import_need):
        _introduce(hq, need)
    institute = ResearchInstitute.objects.order_by("pk").first()
    assert institute is not None
    today = dt.date.today()

    # The page: the case's contract form
    case = page_need.cases.get()
    form = {
        "contract": "1",
        "contractor": str(case.institute_id),
        "value_cny": "100000",
        "signed_on": today.isoformat(),
        "start_on": today.isoformat(),
        "end_on": (today + dt.timedelta(days=365)).isoformat(),
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "1",
        "milestones-MAX_NUM_FORMS": "1000",
        "milestones-0-title": "样机交付",
        "milestones-0-due_on": (today + dt.timedelta(days=100)).isoformat(),
        "milestones-0-amount_cny": "50000",
    }
    assert hq.post(f"/cooperation/cases/{case.pk}/", form).status_code == 302
    by_page = CooperationContract.objects.get(need=page_need)
    case.refresh_from_db()
    assert case.stage == CaseStage.CONTRACTED
    # ... and the page's contract is feedback for the match it came from
    assert MatchDecision.objects.filter(
        need=page_need, resource_id=case.resource_id, action="contracted"
    ).exists()

    # The API: the contract register, without a number (the year's sequence gives it)
    body = {
        "title": "检测装备联合开发",
        "need": api_need.pk,
        "client": api_need.enterprise_id,
        "contractor": institute.pk,
        "value_cny": "200000.00",
        "signed_on": today.isoformat(),
        "start_on": today.isoformat(),
        "end_on": (today + dt.timedelta(days=200)).isoformat(),
        "status": "signed",
    }
    response = hq.post("/api/contracts/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    by_api = CooperationContract.objects.get(pk=response.json()["id"])
    assert by_api.contract_number.startswith(f"JS{today.year}-")

    # The register import: a file with one new contract
    header = (
        "contract_number,title,client,contractor,jic,need,value_cny,signed_on,start_on,end_on,"
        "status"
    )
    row = (
        f"JS{today.year}-IMPORT-1,工艺优化合作,{import_need.enterprise.name_zh},"
        f"{institute.name_zh},,{import_need.pk},300000,{today},{today},"
        f"{today + dt.timedelta(days=100)},signed"
    )
    upload = SimpleUploadedFile("contracts.csv", f"{header}\n{row}\n".encode())
    preview = hq.post("/registers/contracts/import/", {"file": upload})
    report = preview.context["report"]
    assert report.valid, report.errors
    done = hq.post(f"/registers/contracts/import/{preview.context['token']}/confirm/")
    assert done.context["state"]["state"] == "done", done.context["state"]["report"]["errors"]
    by_import = CooperationContract.objects.get(contract_number=f"JS{today.year}-IMPORT-1")

    # Then each entry point left the same traces
    assert _traces(page_need, by_page) == EXPECTED
    assert _traces(api_need, by_api) == EXPECTED
    assert _traces(import_need, by_import) == EXPECTED


def test_contracted_is_not_a_decision_anyone_can_post(hq: Client) -> None:
    (need,) = _open_needs(1)
    case = _introduce(hq, need)
    response = hq.post(
        f"/api/needs/{need.pk}/decisions/",
        {"resource_type": "institute", "resource_id": case.resource_id, "action": "contracted"},
        content_type="application/json",
    )
    assert response.status_code == 400
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    assert not MatchDecision.objects.filter(need=need, action="contracted").exists()


def test_a_bad_contract_through_the_api_changes_nothing(hq: Client) -> None:
    (need,) = _open_needs(1)
    institute = ResearchInstitute.objects.order_by("pk").first()
    assert institute is not None
    today = dt.date.today()
    before = CooperationContract.objects.count()
    body = {
        "title": "倒置的合同期",
        "need": need.pk,
        "client": need.enterprise_id,
        "contractor": institute.pk,
        "value_cny": "1000.00",
        "signed_on": today.isoformat(),
        "start_on": today.isoformat(),
        "end_on": (today - dt.timedelta(days=10)).isoformat(),  # ends before it starts
        "status": "signed",
    }
    response = hq.post("/api/contracts/", body, content_type="application/json")
    assert response.status_code == 400
    assert CooperationContract.objects.count() == before
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    assert not need.events.filter(kind=NeedEventKind.CONTRACTED).exists()


def test_payments_keep_to_their_contract_from_the_api_and_the_admin(hq: Client) -> None:
    from decimal import Decimal

    from techbridge.cooperation.models import ContractMilestone, ContractPayment

    contract = (
        CooperationContract.objects.filter(milestones__isnull=False, payments__isnull=True)
        .order_by("pk")
        .first()
    )
    assert contract is not None
    own = contract.milestones.first()
    foreign = ContractMilestone.objects.exclude(contract=contract).first()
    assert own is not None and foreign is not None
    day = contract.signed_on.isoformat()
    body = {"contract": contract.pk, "received_on": day, "amount_cny": "1000.00"}

    # Another contract's milestone, a date before signing, more than the contract's value:
    # each refused with its reason, nothing written
    for bad, field in (
        ({"milestone": foreign.pk}, "里程碑"),
        ({"received_on": (contract.signed_on - dt.timedelta(days=1)).isoformat()}, "签订日期"),
        ({"amount_cny": str(contract.value_cny + Decimal(1))}, "合同金额"),
    ):
        response = hq.post(
            "/api/contract-payments/", {**body, **bad}, content_type="application/json"
        )
        assert response.status_code == 400 and field in response.content.decode(), bad
    assert not ContractPayment.objects.filter(contract=contract).exists()

    # A payment on its own milestone is recorded, through the API and through the admin
    ok = hq.post(
        "/api/contract-payments/", {**body, "milestone": own.pk}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content
    admin = hq.post(
        "/admin/cooperation/contractpayment/add/",
        {"contract": contract.pk, "received_on": day, "amount_cny": "500", "milestone": own.pk},
    )
    assert admin.status_code == 302, admin.content[:2000]
    assert ContractPayment.objects.filter(contract=contract).count() == 2
    # and the admin refuses what the API refuses
    over = hq.post(
        "/admin/cooperation/contractpayment/add/",
        {"contract": contract.pk, "received_on": day, "amount_cny": str(contract.value_cny)},
    )
    assert over.status_code == 200 and "合同金额" in over.content.decode()
    assert ContractPayment.objects.filter(contract=contract).count() == 2


def test_the_contract_form_shows_every_milestone_problem_at_once(hq: Client) -> None:
    (need,) = _open_needs(1)
    _introduce(hq, need)
    case = need.cases.get()
    today = dt.date.today()
    # Given milestones that add up to more than the contract, two of them outside its term
    form = {
        "contract": "1",
        "contractor": str(case.institute_id),
        "value_cny": "100000",
        "signed_on": today.isoformat(),
        "start_on": today.isoformat(),
        "end_on": (today + dt.timedelta(days=100)).isoformat(),
        "milestones-TOTAL_FORMS": "3",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "1",
        "milestones-MAX_NUM_FORMS": "1000",
        "milestones-0-title": "方案评审",
        "milestones-0-due_on": (today + dt.timedelta(days=50)).isoformat(),
        "milestones-0-amount_cny": "60000",
        "milestones-1-title": "样机交付",
        "milestones-1-due_on": (today + dt.timedelta(days=150)).isoformat(),
        "milestones-1-amount_cny": "60000",
        "milestones-2-title": "验收",
        "milestones-2-due_on": (today + dt.timedelta(days=200)).isoformat(),
        "milestones-2-amount_cny": "10000",
    }
    # When it is sent once, every problem is on the page, and nothing is written
    page = hq.post(f"/cooperation/cases/{case.pk}/", form)
    assert page.status_code == 200
    body = page.content.decode()
    assert "里程碑金额合计不能超过合同金额" in body
    assert "里程碑“样机交付”的日期不在合同期内" in body
    assert "里程碑“验收”的日期不在合同期内" in body
    assert not CooperationContract.objects.filter(case=case).exists()
