"""Writing registers through the API: who may, what the model's rules refuse, in which language.

One case per app at least: create (201, the row exists), update (200), data that breaks a
model constraint (400 with the constraint's message in Chinese, in English under
``Accept-Language: en``, and nothing written).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from rest_framework.test import APIClient

from techbridge.achievements.models import AchievementTransfer, TechnologicalAchievement
from techbridge.assignments.models import DeclaredConflict
from techbridge.cooperation.models import ContractMilestone, ContractPayment, CooperationContract
from techbridge.core.choices import Role
from techbridge.core.models import TechnologyField
from techbridge.institutes.models import (
    EvaluationScheme,
    EvaluationWeight,
    InstituteYear,
    ResearchInstitute,
    RevenueRecord,
)
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import (
    Enterprise,
    JointProject,
    OverseasPartner,
    PartnershipAgreement,
)
from techbridge.people.models import Affiliation, Expert, ProjectManager
from techbridge.talent.models import CourseEnrolment, GraduateStudent, ProjectCourse
from techbridge.testing.openapi import assert_matches_schema
from techbridge.ventures.models import EquityStake, InvestmentRound, SpinOff

pytestmark = pytest.mark.django_db

Payload = dict[str, Any]


def _client(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def _contract_with_room() -> CooperationContract:
    """A contract signed before mid-2021 whose payments leave room for 30,000 more."""
    contracts = CooperationContract.objects.annotate(
        paid=Coalesce(Sum("payments__amount_cny"), Decimal(0))
    ).filter(signed_on__lte="2021-07-01", value_cny__gte=F("paid") + 30_000)
    found = contracts.order_by("pk").first()
    assert found is not None
    return found


def _first(model: type[models.Model]) -> Any:
    return model._default_manager.order_by("pk").first()


@dataclass(frozen=True)
class WriteCase:
    register: str
    model: type[models.Model]
    create: Callable[[], Payload]
    update: Payload
    bad: Payload | Callable[[], Payload]  # merged into ``create()``: breaks one constraint
    message_zh: str
    message_en: str
    writer: str = "hq"


def _institute_pk() -> int:
    return int(_first(ResearchInstitute).pk)


def _student_payload() -> Payload:
    student = _first(GraduateStudent)
    return {
        "name_zh": "测试研究生",
        "university": student.university_id,
        "institute": student.institute_id,
        "university_supervisor": student.university_supervisor_id,
        "institute_supervisor": student.institute_supervisor_id,
        "degree": "master",
        "enrolled_on": "2021-09-01",
        "project_title": "功率模块可靠性",
    }


def _project_manager_pk() -> int:
    return int(_first(ProjectManager).pk)


def _unstaked_enterprise_pk() -> int:
    held = EquityStake.objects.filter(institute_id=_institute_pk()).values("enterprise_id")
    return int(
        Enterprise.objects.exclude(pk__in=held).order_by("pk").values_list("pk", flat=True)[0]
    )


CASES = [
    WriteCase(
        "revenue",
        RevenueRecord,
        lambda: {
            "institute": _institute_pk(),
            "year": 2031,
            "source": "other",
            "amount_cny": "250000.00",
            "origin": "manual",
        },
        {"amount_cny": "300000.00"},
        {"amount_cny": "-1.00"},
        "收入金额不能为负数。",
        "Revenue cannot be negative.",
    ),
    WriteCase(
        "institute-years",
        InstituteYear,
        lambda: {
            "institute": _institute_pk(),
            "year": 2031,
            "headcount": 120,
            "researchers": 80,
            "origin": "manual",
        },
        {"researchers": 90},
        {"headcount": 10, "researchers": 11},
        "研发人员数不能超过员工人数。",
        "R&D staff cannot exceed headcount.",
    ),
    WriteCase(
        "evaluation-weights",
        EvaluationWeight,
        lambda: {
            "scheme": EvaluationScheme.objects.create(name_zh="测试方案").pk,
            "indicator": "revenue_growth",
            "weight": "30.00",
        },
        {"weight": "40.00"},
        {"weight": "120.00"},
        "权重须大于 0 且不超过 100。",
        "A weight must be above 0 and at most 100.",
    ),
    WriteCase(
        "partnership-agreements",
        PartnershipAgreement,
        lambda: {
            "partner": _first(OverseasPartner).pk,
            "title": "联合研发备忘录",
            "signed_on": "2021-03-01",
            "valid_from": "2021-04-01",
            "valid_until": "2024-03-31",
        },
        {"scope": "功率半导体"},
        {"valid_until": "2021-01-01"},
        "到期日期不能早于生效日期。",
        "The expiry date cannot be earlier than the effective date.",
    ),
    WriteCase(
        "affiliations",
        Affiliation,
        lambda: {
            "expert": _first(Expert).pk,
            "organisation": _institute_pk(),
            "position": "兼职研究员",
            "start_date": "2020-01-01",
        },
        {"position": "首席科学家"},
        {"end_date": "2019-12-31"},
        "结束日期不能早于开始日期。",
        "The end date cannot be earlier than the start date.",
    ),
    WriteCase(
        "students",
        GraduateStudent,
        lambda: _student_payload(),
        {"project_title": "碳化硅器件封装"},
        {"enrolled_on": "2022-09-01", "graduated_on": "2022-06-30"},
        "毕业日期必须晚于入学日期。",
        "The graduation date must be later than the enrolment date.",
    ),
    WriteCase(
        "jics",
        JointInnovationCenter,
        lambda: {
            "name_zh": "测试联合创新中心",
            "enterprise": _first(Enterprise).pk,
            "institute": _institute_pk(),
            "established_on": "2021-05-01",
            "period_start": "2021-05-01",
            "period_end": "2024-04-30",
            "planned_investment_cny": "3000000.00",
            "committed_investment_cny": "1000000.00",
            "spent_investment_cny": "0.00",
        },
        {"spent_investment_cny": "500000.00"},
        {"period_end": "2021-04-30"},
        "合作期结束日期必须晚于开始日期。",
        "The cooperation period must end after it starts.",
    ),
    WriteCase(
        "achievement-transfers",
        AchievementTransfer,
        lambda: {
            "achievement": _first(TechnologicalAchievement).pk,
            "recipient": _first(Enterprise).pk,
            "mode": "licence",
            "transferred_on": "2021-06-01",
            "value_cny": "800000.00",
        },
        {"mode": "assignment"},
        {"value_cny": "-5.00"},
        "合同金额不能为负数。",
        "Contract value cannot be negative.",
    ),
    WriteCase(
        "contract-payments",
        ContractPayment,
        lambda: {
            "contract": _contract_with_room().pk,
            "received_on": "2021-07-01",
            "amount_cny": "10000.00",
        },
        {"amount_cny": "20000.00"},
        {"amount_cny": "0.00"},
        "到账金额必须大于零。",
        "The amount received must be greater than zero.",
    ),
    WriteCase(
        "investment-rounds",
        InvestmentRound,
        lambda: {
            "spinoff": _first(SpinOff).pk,
            "kind": "angel",
            "closed_on": "2021-08-01",
            "amount_cny": "5000000.00",
            "grant_cny": "0.00",
            "pre_money_valuation_cny": "20000000.00",
            "post_money_valuation_cny": "25000000.00",
            "investors": "某天使基金",
        },
        {"investors": "某天使基金、某产业基金"},
        {"post_money_valuation_cny": "10000000.00"},
        "投后估值不能低于投前估值。",
        "",  # not yet translated in the catalogue: checked in Chinese only
    ),
    WriteCase(
        "equity-stakes",
        EquityStake,
        lambda: {
            "institute": _institute_pk(),
            "enterprise": _unstaked_enterprise_pk(),
            "equity_pct": "12.50",
            "acquired_on": "2021-09-01",
        },
        {"equity_pct": "15.00"},
        {"equity_pct": "101.00"},
        "持股比例须大于 0 且不超过 100%。",
        "The stake must be above 0 and at most 100%.",
    ),
    WriteCase(
        "joint-projects",
        JointProject,
        lambda: {
            "name_zh": "中德联合研发项目",
            "partner": _first(OverseasPartner).pk,
            "institute": _institute_pk(),
            "started_on": "2021-01-01",
            "budget_cny": "1500000.00",
            "experts": [_first(Expert).pk],
        },
        {"ended_on": "2023-12-31"},
        {"budget_cny": "-1.00"},
        "预算不能为负数。",
        "",  # new in this release; its English comes with the catalogue
    ),
    WriteCase(
        "course-enrolments",
        CourseEnrolment,
        lambda: {
            "course": _first(ProjectCourse).pk,
            "student": GraduateStudent.objects.exclude(enrolments__course=_first(ProjectCourse))
            .order_by("pk")
            .values_list("pk", flat=True)[0],
        },
        {"grade": "86.5"},
        {"grade": "101.0"},
        "成绩须在 0–100 之间。",
        "",
    ),
    # Headquarters hold no permission on the assignment app (RolePermissionBackend), so the
    # superuser writes conflicts.
    WriteCase(
        "declared-conflicts",
        DeclaredConflict,
        lambda: {
            "institute": _institute_pk(),
            "enterprise": _first(Enterprise).pk,
            "reason": "股东",
        },
        {"reason": "股东,董事会席位"},
        lambda: {"project_manager": _project_manager_pk()},
        "请在项目经理和研究所中选择一个。",
        "Choose either a project manager or an institute.",
        writer="admin",
    ),
]


def _messages(body: Any) -> list[str]:
    """Every message in a DRF error body, however nested."""
    if isinstance(body, str):
        return [body]
    if isinstance(body, dict):
        return [m for value in body.values() for m in _messages(value)]
    if isinstance(body, list):
        return [m for value in body for m in _messages(value)]
    return []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.register)
def test_create_then_update(case: WriteCase) -> None:
    # Given a writer with the model's permission
    client = _client(case.writer)
    before = case.model._default_manager.count()
    # When they create a record
    created = client.post(f"/api/{case.register}/", case.create(), format="json")
    # Then it exists and the answer is what the schema promises
    assert created.status_code == 201, created.json()
    assert case.model._default_manager.count() == before + 1
    assert_matches_schema(f"/api/{case.register}/", "post", 201, created.json())
    pk = created.json()["id"]
    # And it can be changed
    changed = client.patch(f"/api/{case.register}/{pk}/", case.update, format="json")
    assert changed.status_code == 200, changed.json()
    row = case.model._default_manager.get(pk=pk)
    for name, value in case.update.items():
        assert str(getattr(row, f"{name}_id", getattr(row, name))) == str(value)
    assert_matches_schema(f"/api/{case.register}/{pk}/", "patch", 200, changed.json())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.register)
def test_constraint_violation_is_refused_in_the_reader_s_language(case: WriteCase) -> None:
    client = _client(case.writer)
    before = case.model._default_manager.count()
    payload = {**case.create(), **(case.bad() if callable(case.bad) else case.bad)}
    # Chinese by default
    refused = client.post(f"/api/{case.register}/", payload, format="json")
    assert refused.status_code == 400
    assert case.message_zh in _messages(refused.json())
    # English when asked
    refused_en = client.post(
        f"/api/{case.register}/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused_en.status_code == 400
    if case.message_en:
        assert case.message_en in _messages(refused_en.json())
        assert case.message_zh not in _messages(refused_en.json())
    # Nothing written
    assert case.model._default_manager.count() == before


def test_update_that_breaks_a_constraint_changes_nothing() -> None:
    client = _client("hq")
    stake = _first(EquityStake)
    refused = client.patch(f"/api/equity-stakes/{stake.pk}/", {"equity_pct": "0"}, format="json")
    assert refused.status_code == 400
    stake_after = EquityStake.objects.get(pk=stake.pk)
    assert stake_after.equity_pct == stake.equity_pct
    assert stake_after.updated_at == stake.updated_at


def test_unique_constraint_is_a_translated_400() -> None:
    client = _client("hq")
    existing = _first(RevenueRecord)
    payload = {
        "institute": existing.institute_id,
        "year": existing.year,
        "source": existing.source,
        "amount_cny": "1.00",
        "origin": "manual",
    }
    before = RevenueRecord.objects.count()
    zh = client.post("/api/revenue/", payload, format="json")
    en = client.post("/api/revenue/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 400
    assert _messages(zh.json()) != _messages(en.json())
    assert any("unique" in m for m in _messages(en.json()))
    assert RevenueRecord.objects.count() == before


def test_payment_against_another_contract_s_milestone_is_refused() -> None:
    client = _client("hq")
    # a contract with room for the payment, so that the milestone is its only fault
    other = _contract_with_room()
    milestone = ContractMilestone.objects.exclude(contract=other).order_by("pk").first()
    assert milestone is not None
    before = ContractPayment.objects.count()
    payload = {
        "contract": other.pk,
        "milestone": milestone.pk,
        "received_on": "2021-07-01",
        "amount_cny": "100.00",
    }
    refused = client.post("/api/contract-payments/", payload, format="json")
    assert refused.status_code == 400
    assert "该里程碑属于另一份合同。" in _messages(refused.json())
    assert ContractPayment.objects.count() == before


def test_a_contract_may_only_name_a_need_its_writer_reads() -> None:
    # Headquarters do not read named-only needs (the needs rule), so may not tie a contract
    # to one: the need is "not found" for them, exactly as in the needs API.
    hidden = TechnologyNeed.objects.filter(confidentiality=Confidentiality.NAMED_ONLY).first()
    assert hidden is not None
    client = _client("hq")
    contract = _first(CooperationContract)
    refused = client.patch(f"/api/contracts/{contract.pk}/", {"need": hidden.pk}, format="json")
    assert refused.status_code == 400
    assert "need" in refused.json()
    assert CooperationContract.objects.get(pk=contract.pk).need_id == contract.need_id


def test_delete_and_protected_delete() -> None:
    client = _client("hq")
    agreement = _first(PartnershipAgreement)
    assert client.delete(f"/api/partnership-agreements/{agreement.pk}/").status_code == 204
    assert not PartnershipAgreement.objects.filter(pk=agreement.pk).exists()
    # A technology field that records still point to cannot go
    used = TechnologyField.objects.filter(children__isnull=False).first()
    assert used is not None
    refused = client.delete(f"/api/technology-fields/{used.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert TechnologyField.objects.filter(pk=used.pk).exists()


@pytest.mark.parametrize("username", ["expert", "enterprise", "institute"])
def test_roles_without_the_permission_may_not_write(username: str) -> None:
    # Experts and enterprise users read no register; institute staff read them but hold no
    # model permission. None of them may write.
    client = _client(username)
    before = TechnologyField.objects.count(), RevenueRecord.objects.count()
    field = client.post(
        "/api/technology-fields/", {"code": "x-test", "name_zh": "测试"}, format="json"
    )
    revenue = client.post("/api/revenue/", CASES[0].create(), format="json")
    existing = _first(RevenueRecord)
    change = client.patch(f"/api/revenue/{existing.pk}/", {"amount_cny": "1.00"}, format="json")
    delete = client.delete(f"/api/revenue/{existing.pk}/")
    assert field.status_code == revenue.status_code == change.status_code == 403
    assert delete.status_code == 403
    assert (TechnologyField.objects.count(), RevenueRecord.objects.count()) == before
    assert RevenueRecord.objects.get(pk=existing.pk).amount_cny == existing.amount_cny


def test_institute_staff_read_but_enterprise_users_only_read_taxonomies() -> None:
    assert _client("institute").get("/api/revenue/").status_code == 200
    assert _client("enterprise").get("/api/technology-fields/").status_code == 200
    assert _client("enterprise").get("/api/revenue/").status_code == 403


def test_readable_names_beside_foreign_keys() -> None:
    body = _client("hq").get("/api/revenue/?limit=1", HTTP_ACCEPT_LANGUAGE="en").json()
    row = body["results"][0]
    institute = ResearchInstitute.objects.get(pk=row["institute"])
    assert row["institute_name_zh"] == institute.name_zh
    assert row["institute_name_en"] == institute.name_en


def test_superuser_and_hq_write_without_a_group() -> None:
    # The permission comes from the role (RolePermissionBackend), not from groups
    hq = get_user_model().objects.get(username="hq")
    assert not hq.groups.exists() and not hq.user_permissions.exists()
    assert hq.has_perm("institutes.add_revenuerecord")
    assert Role.HQ_STAFF in hq.memberships.values_list("role", flat=True)
