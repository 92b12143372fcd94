"""Figures that add up: the annual report's headline equals the sum of its per-institute
table (a row holds what no listed institute holds), in every year; every year with records
shows them; and the needs a reader counts by status add up to the needs submitted."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from techbridge.cooperation.models import CooperationContract
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience, visible_needs_for
from techbridge.reports.annual import ROW_FIGURES, build_annual_report

pytestmark = pytest.mark.django_db

#: Headline figure of each table column.
HEADLINE = {
    "revenue_cny": "revenue_cny",
    "contracts": "cooperation_projects",
    "contract_value_cny": "contract_value_cny",
    "spinoffs": "spinoffs",
    "transfers": "achievements_transferred",
    "students": "graduates",
}


def test_every_headline_figure_is_the_sum_of_the_institute_table() -> None:
    assert set(HEADLINE) == set(ROW_FIGURES)
    jic_contracts = CooperationContract.objects.filter(jic__isnull=False).only("signed_on")
    years = sorted({c.signed_on.year for c in jic_contracts})
    assert len(years) >= 5
    for year in years:
        report = build_annual_report(year)
        assert report.totals is not None
        for column, figure in HEADLINE.items():
            table = sum(getattr(row, column) for row in report.institutes)
            assert table == getattr(report.totals, column) == dict(report.figures)[figure], (
                year,
                column,
            )
        # Every year with JIC contracts shows them, in the headline and in the table
        assert report.figures["cooperation_projects"] > 0 and report.totals.contracts > 0, year


def test_a_contract_of_an_institute_that_joined_later_still_adds_up() -> None:
    from techbridge.institutes.models import ResearchInstitute

    contract = CooperationContract.objects.filter(jic__isnull=False).order_by("signed_on").first()
    assert contract is not None
    year = contract.signed_on.year
    # The contractor joins the network only after the contract's year
    ResearchInstitute.objects.filter(pk=contract.contractor_id).update(
        joined_on=contract.signed_on.replace(year=year + 1)
    )
    report = build_annual_report(year)
    assert report.totals is not None
    assert report.totals.contracts == report.figures["cooperation_projects"]
    assert any(row.contracts for row in report.institutes if "其他" in row.name)


@pytest.mark.parametrize("username", ["hq", "enterprise", "institute"])
def test_needs_by_status_add_up_to_the_needs_a_reader_sees(username: str) -> None:
    user = get_user_model().objects.get(username=username)
    seen = visible_needs_for(TechnologyNeed.objects.all(), NeedAudience.of(user))
    by_status = dict(
        TechnologyNeed.objects.filter(pk__in=seen.values("pk"))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assert sum(by_status.values()) == seen.count() > 0


def test_a_year_whose_revenue_is_not_reported_yet_says_so() -> None:
    from django.test import Client

    from techbridge.institutes.models import RevenueRecord

    reported = RevenueRecord.objects.order_by("-year").values_list("year", flat=True).first()
    assert reported is not None
    hq = Client()
    hq.force_login(get_user_model().objects.get(username="hq"))
    later = hq.get(f"/reports/annual/{reported + 1}/").content.decode()
    assert 'data-testid="revenue-not-reported"' in later  # not a 0
    closed = hq.get(f"/reports/annual/{reported}/").content.decode()
    assert 'data-testid="revenue-not-reported"' not in closed
    assert build_annual_report(reported).revenue_reported is True
    assert build_annual_report(reported + 1).revenue_reported is False
