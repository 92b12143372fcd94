"""The portfolio and spin-off pages: who may open them, in both languages."""

from typing import Any

import pytest
from django.test import Client

from techbridge.core.choices import Role
from techbridge.core.formats import grouped
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.ventures import services
from techbridge.ventures.models import SpinOff

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(user_factory: Any) -> Client:
    client = Client()
    org = Organisation.objects.get(kind="headquarters")
    client.force_login(user_factory("hq-ventures", org, Role.HQ_STAFF))
    return client


@pytest.fixture
def enterprise(user_factory: Any) -> Client:
    client = Client()
    org = Enterprise.objects.order_by("pk")[0]
    client.force_login(user_factory("ent-ventures", org, Role.ENTERPRISE_USER))
    return client


def test_portfolio_in_both_languages(hq: Client) -> None:
    zh = hq.get("/ventures/")
    assert zh.status_code == 200
    html = zh.content.decode()
    assert "衍生企业投资组合" in html
    assert 'data-testid="holding"' in html
    assert "portfolio-year-chart" in html and "echarts.min.js" in html
    en = hq.get("/en/ventures/")
    assert en.status_code == 200
    assert en.content.decode().count('data-testid="holding"') == html.count('data-testid="holding"')


def test_portfolio_filters(hq: Client) -> None:
    s = SpinOff.objects.exclude(status="active").order_by("pk")[0]
    assert s is not None
    params: dict[str, Any] = {"status": s.status, "institute": s.institute_id}
    response = hq.get("/ventures/", params)
    holdings = response.context["portfolio"].holdings
    assert holdings and all(
        h.spinoff.status == s.status and h.spinoff.institute_id == s.institute_id for h in holdings
    )
    year = hq.get("/ventures/", {"founded_on__year": 2020}).context["portfolio"]
    assert len(year.holdings) == 160  # the 2020 headline figure
    assert {h.spinoff.founded_on.year for h in year.holdings} == {2020}


def test_spinoff_detail_shows_rounds_pm_and_exit(hq: Client) -> None:
    s = (
        SpinOff.objects.filter(
            status="acquired", project_manager__isnull=False, rounds__isnull=False
        )
        .distinct()
        .order_by("pk")[0]
    )
    assert s is not None
    for prefix in ("", "/en"):
        response = hq.get(f"{prefix}/ventures/{s.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('data-testid="round"') == s.rounds.count()
        total = services.round_summary(s).total_cny
        footer = html[html.index('data-testid="rounds-total"') :]
        assert grouped(total) in footer[: footer.index("</tfoot>")]
        assert s.exited_on is not None
        assert 'data-testid="exit"' in html and s.exited_on.strftime("%Y-%m-%d") in html
        assert f"/talent/project-managers/{s.project_manager_id}/" in html


def test_enterprise_users_and_visitors_are_kept_out(enterprise: Client) -> None:
    s = SpinOff.objects.order_by("pk")[0]
    assert enterprise.get("/ventures/").status_code == 403
    assert enterprise.get(f"/ventures/{s.pk}/").status_code == 403
    assert Client().get("/ventures/").status_code == 302  # to the login page
