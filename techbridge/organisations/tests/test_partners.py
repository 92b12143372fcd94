"""Overseas partners: list filters, agreements in force, joint projects, experts reached."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from techbridge.core.choices import Role
from techbridge.institutes.models import ResearchInstitute
from techbridge.organisations import services
from techbridge.organisations.models import (
    Enterprise,
    JointProject,
    Organisation,
    OverseasPartner,
    PartnershipAgreement,
)
from techbridge.people.models import Affiliation, Expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(user_factory: Any) -> Client:
    client = Client()
    org = Organisation.objects.get(kind="headquarters")
    client.force_login(user_factory("hq-partners", org, Role.HQ_STAFF))
    return client


def test_agreement_in_force() -> None:
    a = PartnershipAgreement(
        valid_from=dt.date(2018, 1, 1), valid_until=dt.date(2022, 12, 31), signed_on=dt.date.min
    )
    assert services.is_active(a, dt.date(2020, 6, 1))
    assert services.is_active(a, dt.date(2022, 12, 31))
    assert not services.is_active(a, dt.date(2023, 1, 1))
    assert not services.is_active(a, dt.date(2017, 12, 31))
    a.valid_until = None
    assert services.is_active(a, dt.date(2030, 1, 1))


def test_experts_reached_three_ways() -> None:
    partner = OverseasPartner.objects.order_by("pk")[0]
    other = OverseasPartner.objects.order_by("-pk")[0]
    former = Expert.objects.filter(organisation__kind="university").order_by("pk")[0]
    Affiliation.objects.create(
        expert=former,
        organisation=partner,
        position="Visiting professor",
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2016, 1, 1),
    )
    visitor = Expert.objects.filter(organisation=other).order_by("pk")[0]
    project = JointProject.objects.create(
        name_zh="测试联合项目",
        partner=partner,
        institute=ResearchInstitute.objects.order_by("pk")[0],
        started_on=dt.date(2020, 1, 1),
    )
    project.experts.add(visitor)
    reached = {r.expert.pk: r.ways for r in services.experts_reached(partner)}
    assert "affiliated" in reached[former.pk]
    assert reached[visitor.pk] == ["joint_project"]
    for e in Expert.objects.filter(organisation=partner):
        assert "employed" in reached[e.pk]


def test_list_filters_and_detail_in_both_languages(hq: Client) -> None:
    partner = OverseasPartner.objects.filter(joint_projects__isnull=False)[0]
    listed = hq.get("/partners/", {"country": partner.country}).context["partners"]
    assert partner in listed and {p.country for p in listed} == {partner.country}
    typed = hq.get("/partners/", {"partner_type": "company"}).context["partners"]
    assert {p.partner_type for p in typed} <= {"company"}
    assert hq.get("/en/partners/").status_code == 200
    for prefix in ("", "/en"):
        response = hq.get(f"{prefix}/partners/{partner.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('data-testid="agreement"') == partner.agreements.count()
        active = [services.is_active(a, dt.date.today()) for a in partner.agreements.all()]
        assert html.count('data-active="1"') == sum(active)
        assert html.count('data-testid="joint-project"') == partner.joint_projects.count()
        assert 'data-testid="reached-expert"' in html


def test_enterprise_users_are_kept_out(user_factory: Any) -> None:
    client = Client()
    org = Enterprise.objects.order_by("pk")[0]
    client.force_login(user_factory("ent-partners", org, Role.ENTERPRISE_USER))
    partner = OverseasPartner.objects.order_by("pk")[0]
    assert client.get("/partners/").status_code == 403
    assert client.get(f"/partners/{partner.pk}/").status_code == 403


def test_joint_project_constraints() -> None:
    project = JointProject(
        name_zh="倒序项目",
        partner=OverseasPartner.objects.order_by("pk")[0],
        institute=ResearchInstitute.objects.order_by("pk")[0],
        started_on=dt.date(2020, 5, 1),
        ended_on=dt.date(2020, 1, 1),
        budget_cny=Decimal(-1),
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "结束日期不能早于开始日期。" in str(error.value)
    assert "预算不能为负数。" in str(error.value)
