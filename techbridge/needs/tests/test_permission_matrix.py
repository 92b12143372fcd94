"""What each role may read of a need, and do with it and its records, from one table.

For every role and confidentiality level, :data:`READS` says whether the role reads the need
in full, only its public summary, or nothing; :data:`BROKERS` says who works its matches and
triage. Every channel that shows a need (page, list, search, dashboard, API list and detail,
exports, every API endpoint in the root) is checked against the table with the things that
must not leak: the real title, description, indicators, budget and enterprise. Every action
(shortlist, introduce, dismiss, triage, move, contract, payment) is checked the same way, and
so are the registers of contracts, cases, milestones and payments, which only their parties
and headquarters see. Each expectation is checked both ways, so that every row can fail.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from techbridge.cooperation import services as cooperation
from techbridge.cooperation.models import (
    CaseMeeting,
    CaseMessage,
    ContractMilestone,
    ContractPayment,
    CooperationCase,
)
from techbridge.core.choices import Role
from techbridge.institutes.models import ResearchInstitute
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.choices import Confidentiality, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.people.models import Expert

pytestmark = pytest.mark.django_db

LEVELS = (Confidentiality.PUBLIC_SUMMARY, Confidentiality.STAFF_ONLY, Confidentiality.NAMED_ONLY)
FULL, SUMMARY, NONE = "full", "summary", "none"

#: role -> what it reads of a need at each level of :data:`LEVELS`.
READS: dict[str, tuple[str, str, str]] = {
    "hq": (FULL, FULL, NONE),
    "jic_manager": (FULL, FULL, NONE),
    "owner": (FULL, FULL, FULL),
    "named_viewer": (FULL, FULL, FULL),
    "other_enterprise": (SUMMARY, NONE, NONE),
    "institute_staff": (SUMMARY, NONE, NONE),
    "expert": (SUMMARY, NONE, NONE),
}
#: Who works a need's matches and triage (where they read it in full).
BROKERS = {"hq", "jic_manager"}
#: Who sees the contract, its case, milestones and payments (the staff-only need's).
CONTRACT_PARTIES = {"hq", "jic_manager", "owner", "contractor_staff"}
CASE_PARTIES = {"hq", "jic_manager", "owner"}
ROLES = tuple(READS)


@dataclass
class Need:
    need: TechnologyNeed
    secrets: tuple[str, ...]  # what a summary reader must not see
    summary: str  # what nobody outside may see either


@dataclass
class World:
    needs: dict[str, Need]
    users: dict[str, Any]
    enterprise: Enterprise
    case: CooperationCase
    contract: Any
    milestone: ContractMilestone
    payment: ContractPayment
    message: CaseMessage
    meeting: CaseMeeting


@pytest.fixture
def world(user_factory: Any) -> World:
    # A new enterprise and JIC, so that the enterprise's name appears only through these needs.
    template = Enterprise.objects.order_by("pk")[0]
    enterprise = Enterprise.objects.create(
        name_zh="机密企业XQE有限公司",
        name_en="XQE Secret Co.",
        region=template.region,
        industry=template.industry,
        size=template.size,
    )
    jic_institute = ResearchInstitute.objects.order_by("pk")[0]
    jic = JointInnovationCenter.objects.create(
        name_zh="XQE联合创新中心",
        enterprise=enterprise,
        institute=jic_institute,
        established_on=dt.date(2024, 1, 1),
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2028, 12, 31),
        planned_investment_cny=Decimal(0),
        committed_investment_cny=Decimal(0),
        spent_investment_cny=Decimal(0),
    )
    contractor = ResearchInstitute.objects.exclude(pk=jic.institute_id).order_by("pk")[0]
    stranger_institute = ResearchInstitute.objects.exclude(
        pk__in=[jic.institute_id, contractor.pk]
    ).order_by("pk")[0]
    users = {
        "hq": user_factory("m-hq", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF),
        "jic_manager": user_factory("m-jic", jic.institute, Role.JIC_MANAGER),
        "owner": user_factory("m-owner", enterprise, Role.ENTERPRISE_USER),
        "named_viewer": user_factory("m-named", stranger_institute, Role.EXPERT),
        "other_enterprise": user_factory(
            "m-other",
            Enterprise.objects.exclude(pk=enterprise.pk).order_by("pk")[0],
            Role.ENTERPRISE_USER,
        ),
        "institute_staff": user_factory("m-inst", stranger_institute, Role.INSTITUTE_STAFF),
        "expert": user_factory("m-expert", contractor, Role.EXPERT),
        "contractor_staff": user_factory("m-contractor", contractor, Role.INSTITUTE_STAFF),
    }
    Expert.objects.filter(organisation=contractor).order_by("pk").update(user=None)
    needs: dict[str, Need] = {}
    for n, level in enumerate(LEVELS):
        title = f"机密标题{n}钛合金叶片XQ{n}"
        need = TechnologyNeed.objects.create(
            title=title,
            description=f"机密描述{n}：激光增材制造XQD{n}",
            technical_indicators=f"机密指标{n}：孔隙率XQI{n}",
            public_summary=f"公开摘要{n}：某企业寻求增材制造检测方案。详见全文。",
            is_anonymous=True,
            enterprise=enterprise,
            jic=jic,
            industry=enterprise.industry,
            technology_field=TechnologyNeed.objects.order_by("pk")[0].technology_field,
            budget_min_cny=Decimal(f"765432{n}.00"),
            budget_max_cny=Decimal(f"865432{n}.00"),
            cooperation_mode="contract_rd",
            confidentiality=level,
            status=NeedStatus.OPEN,
            submitted_on=timezone.localdate(),
        )
        need.named_viewers.add(users["named_viewer"])
        secrets = (
            title,
            f"XQD{n}",
            f"XQI{n}",
            f"765432{n}",
            f"7,654,32{n}",
            f"865432{n}",
        )
        needs[level] = Need(need, secrets, f"公开摘要{n}")
    staff_need = needs[Confidentiality.STAFF_ONLY].need
    case = cooperation.open_case(users["hq"], staff_need, "institute", str(contractor.pk))
    today = timezone.localdate()
    contract = cooperation.record_contract(
        users["hq"],
        case,
        contractor=contractor,
        value_cny=Decimal("100000"),
        signed_on=today,
        start_on=today,
        end_on=today + dt.timedelta(days=365),
        milestones=[
            cooperation.MilestoneInput("样件交付XQM", today + dt.timedelta(days=90), Decimal(5))
        ],
    )
    milestone = contract.milestones.get()
    payment = ContractPayment.objects.create(
        contract=contract, received_on=today, amount_cny=Decimal(5), milestone=milestone
    )
    message = cooperation.post_case_message(
        users["hq"],
        case.pk,
        "样件已寄出",
        SimpleUploadedFile("note.txt", "样件清单".encode()),
    )
    meeting = cooperation.schedule_meeting(
        users["hq"],
        case.pk,
        title="样件评审",
        starts_at=timezone.now() + dt.timedelta(days=7),
        duration_minutes=60,
        location="总部 2 号会议室",
    )
    return World(needs, users, enterprise, case, contract, milestone, payment, message, meeting)


def _web(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _leaks(text: str, item: Need, reads: str, role: str, *, names: bool = True) -> list[str]:
    """The things of ``item`` that ``text`` shows and ``role`` may not read (with ``names``,
    in a channel that names an enterprise only through its needs, the enterprise too)."""
    forbidden: tuple[str, ...] = ()
    if reads != FULL:
        forbidden = item.secrets if reads == SUMMARY else (*item.secrets, item.summary)
    if names and FULL not in READS[role]:
        # The needs are anonymous: only a full reader of one of them learns the enterprise.
        forbidden += (item.need.enterprise.name_zh,)
    return [s for s in forbidden if s in text]


def _xlsx_text(content: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)


@pytest.mark.parametrize("role", ROLES)
def test_every_channel_shows_a_need_as_the_table_says(world: World, role: str) -> None:
    user = world.users[role]
    web, api = _web(user), _api(user)
    field = world.needs[LEVELS[0]].need.technology_field_id
    listed = web.get("/needs/", {"technology_field": field}).content.decode()
    api_rows = api.get("/api/needs/", {"technology_field": field, "limit": 1000}).json()
    api_list = json.dumps(api_rows, ensure_ascii=False)
    api_ids = {row["id"] for row in api_rows["results"]}
    csv = web.get("/needs/export.csv", {"technology_field": field}).content.decode("utf-8-sig")
    xlsx = _xlsx_text(web.get("/needs/export.xlsx", {"technology_field": field}).content)
    home = web.get("/").content.decode()
    for level, reads in zip(LEVELS, READS[role], strict=True):
        item = world.needs[level]
        need = item.need
        link = f"/needs/{need.pk}/"
        page = web.get(link)
        detail = api.get(f"/api/needs/{need.pk}/")
        searched = web.get("/needs/", {"q": need.title}).content.decode()
        # (by a part of the title: the page repeats the words searched for)
        everywhere = web.get("/search/", {"q": need.title[2:8]}).content.decode()
        where = f"{role} · {level}"
        assert page.status_code == (404 if reads == NONE else 200), where
        assert detail.status_code == (404 if reads == NONE else 200), where
        assert (link in listed) == (reads != NONE), where
        assert (need.pk in api_ids) == (reads != NONE), where
        # The real title finds the need only for those who read it.
        assert (link in searched) == (reads == FULL), where
        assert (link in everywhere) == (reads == FULL), where
        assert (need.title in csv) == (reads == FULL), where
        for channel, text in {
            "page": page.content.decode(),
            "list": listed,
            "api_detail": json.dumps(detail.json(), ensure_ascii=False),
            "api_list": api_list,
            "csv": csv,
            "xlsx": xlsx,
            "home": home,
            "search": everywhere,
        }.items():
            assert not _leaks(text, item, reads, role), (where, channel)
        if reads == SUMMARY:
            body = detail.json()
            assert body["full_text"] is False
            assert body["enterprise"] is None and body["budget_max_cny"] is None
            assert body["title"].startswith("公开摘要")


@pytest.mark.parametrize("role", ROLES)
def test_no_api_endpoint_leaks_a_need(world: World, role: str) -> None:
    api = _api(world.users[role])
    root = api.get("/api/").json()
    assert "needs" in root and "contracts" in root
    for name, url in root.items():
        response = api.get(url, {"limit": 20})
        assert response.status_code in (200, 403), (name, response.status_code)
        text = response.content.decode()
        for level, reads in zip(LEVELS, READS[role], strict=True):
            item = world.needs[level]
            # The registers of enterprises and JICs name the enterprise, not its needs.
            assert not _leaks(text, item, reads, role, names=False), (role, name, level)


@pytest.mark.parametrize("role", ROLES)
def test_match_actions_and_triage_belong_to_brokers(world: World, role: str) -> None:
    user = world.users[role]
    api, web = _api(user), _web(user)
    for level, reads in zip(LEVELS, READS[role], strict=True):
        need = world.needs[level].need
        need.status = NeedStatus.OPEN  # (the staff-only need's contract closed it)
        need.save(update_fields=["status"])
        may = role in BROKERS and reads == FULL
        expected = 201 if may else (404 if reads == NONE else 403)
        cases_before = need.cases.count()
        for n, action in enumerate(("shortlisted", "introduced", "dismissed")):
            answer = api.post(
                f"/api/needs/{need.pk}/decisions/",
                {
                    "resource_type": "institute",
                    "resource_id": str(ResearchInstitute.objects.order_by("-pk")[n].pk),
                    "action": action,
                    "reason": "不合适",
                },
                format="json",
            )
            assert answer.status_code == expected, (role, level, action, answer.content)
        # An introduction opens a case; nothing else does.
        assert need.cases.count() == cases_before + (1 if may else 0), (role, level)
        panel = web.get(f"/needs/{need.pk}/")
        if reads != NONE:
            assert ('id="matches"' in panel.content.decode()) == may, (role, level)
        web.post(f"/needs/{need.pk}/triage/park/", {"reason": "x"})
        need.refresh_from_db()
        assert (need.status == NeedStatus.PARKED) == may, (role, level)
        need.status = NeedStatus.OPEN
        need.save(update_fields=["status"])


@pytest.mark.parametrize("role", [*ROLES, "contractor_staff"])
def test_case_contract_and_payment_registers_are_for_parties(world: World, role: str) -> None:
    user = world.users[role]
    api, web = _api(user), _web(user)
    contract, case = world.contract, world.case
    sees_contract = role in CONTRACT_PARTIES
    sees_case = role in CASE_PARTIES
    assert (web.get(f"/cooperation/contracts/{contract.pk}/").status_code == 200) == sees_contract
    assert (web.get(f"/cooperation/cases/{case.pk}/").status_code == 200) == sees_case
    assert (api.get(f"/api/cases/{case.pk}/").status_code == 200) == sees_case
    # The case's workspace (thread, attachments, meetings, documents): its readers only.
    for url in (
        f"/cooperation/cases/{case.pk}/messages/",
        f"/cooperation/cases/{case.pk}/messages/{world.message.pk}/attachment/",
        f"/cooperation/cases/{case.pk}/meetings/{world.meeting.pk}/invitation.ics",
        f"/cooperation/cases/{case.pk}/documents/nda/",
        f"/cooperation/cases/{case.pk}/documents/contract/",
    ):
        assert web.get(url).status_code == (200 if sees_case else 404), (role, url)
    for url in (f"/api/cases/{case.pk}/messages/", f"/api/cases/{case.pk}/meetings/"):
        assert api.get(url).status_code == (200 if sees_case else 404), (role, url)
    posted = api.post(f"/api/cases/{case.pk}/messages/", {"body": "进展如何？"}, format="json")
    assert posted.status_code == (201 if sees_case else 404), (role, posted.status_code)
    for url in (
        f"/api/contracts/{contract.pk}/",
        f"/api/contract-milestones/{world.milestone.pk}/",
        f"/api/contract-payments/{world.payment.pk}/",
    ):
        # Enterprises read their contracts on the pages; the API registers are for staff.
        visible = sees_contract and role != "owner"
        assert (api.get(url).status_code == 200) == visible, (role, url)
    register = web.get("/registers/contracts/", {"q": contract.contract_number}).content.decode()
    # (the search box repeats the query: look for the number in a table cell)
    cell = re.compile(rf"<td[^>]*>\s*{re.escape(contract.contract_number)}\s*</td>")
    assert bool(cell.search(register)) == sees_contract, role
    # Moving the case, registering its contract and recording a payment: brokers only.
    moved = api.post(f"/api/cases/{case.pk}/move/", {"to_stage": "in_delivery"}, format="json")
    assert (moved.status_code == 200) == (role in BROKERS), (role, moved.status_code)
    paid = api.post(
        "/api/contract-payments/",
        {
            "contract": contract.pk,
            "received_on": contract.signed_on.isoformat(),
            "amount_cny": "1.00",
        },
        format="json",
    )
    assert (paid.status_code == 201) == (role == "hq"), (role, paid.status_code)


def test_a_second_contract_on_a_case_is_refused(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(cooperation.CooperationError):
        cooperation.record_contract(
            world.users["hq"],
            world.case,  # the object read before the first contract was registered
            contractor=world.contract.contractor,
            value_cny=Decimal("100000"),
            signed_on=today,
            start_on=today,
            end_on=today,
            milestones=[cooperation.MilestoneInput("x", today, Decimal(0))],
        )
    assert type(world.contract).objects.filter(case=world.case).count() == 1


def test_a_duplicate_never_quotes_the_other_need(world: World) -> None:
    # Given an enterprise's need marked as a duplicate of another enterprise's staff-only need
    hidden = world.needs[Confidentiality.STAFF_ONLY]
    other = world.users["other_enterprise"]
    mine = (
        TechnologyNeed.objects.filter(enterprise__memberships__user=other)
        .exclude(status__in=(NeedStatus.CONTRACTED, NeedStatus.CLOSED))
        .first()
    )
    if mine is None:
        base = hidden.need
        mine = TechnologyNeed.objects.create(
            title="我方需求",
            description="d",
            enterprise=other.memberships.get().organisation.enterprise,
            industry=base.industry,
            technology_field=base.technology_field,
            budget_min_cny=0,
            budget_max_cny=1,
            cooperation_mode="contract_rd",
            status=NeedStatus.SUBMITTED,
            submitted_on=timezone.localdate(),
        )
    from techbridge.needs import services

    services.mark_duplicate(world.users["hq"], mine, original=hidden.need)
    # When the other enterprise reads its own need's page and history
    page = _web(other).get(f"/needs/{mine.pk}/").content.decode()
    # Then it learns neither the other need's title nor its number
    assert hidden.need.title not in page
    assert f"#{hidden.need.pk}" not in page
    assert "另一项需求" in page
    # and headquarters, who read both, see the reference through their own projection
    staff_page = _web(world.users["hq"]).get(f"/needs/{mine.pk}/").content.decode()
    assert hidden.need.title in staff_page
    assert not mine.events.filter(note__contains=hidden.need.title).exists()
