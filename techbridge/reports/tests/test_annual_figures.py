"""The demo's 2020 records add up to the figures of the 2020 President's Statement."""

import json
from typing import Any

import pytest
from django.core.management import call_command

from techbridge.reports.services import annual_figures

pytestmark = pytest.mark.both_databases

# Written out from the seed document (shared/seeds), not imported from the generator.
PRESIDENTS_STATEMENT_2020 = {
    "new_institutes": 6,  # "six new Research Institutes"
    "project_managers": 40,  # "forty new project managers from around the world"
    "fellows": 36,  # "thirty-six outstanding JITRI Fellows or Junior Fellows were hired"
    "spinoffs": 160,  # "160 new enterprises were spun off"
    "revenue_cny": 4_000_000_000,  # "total revenue of 4 billion CNY"
    "new_jics": 54,  # "54 new Joint Innovation Centers"
    "needs": 285,  # "the JICs documented 285 new technology needs"
    "planned_investment_cny": 413_000_000,  # "made plans to invest 413 million CNY"
    "cooperation_projects": 123,  # "123 technical cooperation projects"
    "contract_value_cny": 630_000_000,  # "with contract value of 630 million CNY"
    "overseas_partners": 9,  # "strategic partnerships with nine overseas university departments"
    "major_projects": 7,  # "seven new major projects"
    "major_project_investment_cny": 300_000_000,  # "total investment ... 300 million CNY"
    "graduates": 1045,  # "jointly trained 1045 new JITRI graduates"
}


@pytest.mark.django_db
def test_2020_figures_computed_from_records_equal_the_seed() -> None:
    # Given the demo network; when the 2020 figures are computed by query
    figures: dict[str, object] = dict(annual_figures(2020))
    # then each equals the President's Statement
    for key, expected in PRESIDENTS_STATEMENT_2020.items():
        assert figures[key] == expected, key
    # "transferred more than 1000 technological achievements to industry"
    assert annual_figures(2020)["achievements_transferred"] > 1000


@pytest.mark.django_db
def test_figures_follow_the_records_not_stored_totals() -> None:
    from techbridge.jics.models import JointInnovationCenter

    # Given one JIC of 2020 deleted with its needs and contracts moved out of the JIC
    jic = JointInnovationCenter.objects.filter(established_on__year=2020).first()
    assert jic is not None
    before = annual_figures(2020)
    jic.needs.update(jic=None)
    jic.contracts.update(jic=None)
    planned = int(jic.planned_investment_cny)
    jic.delete()
    # then the figures change by exactly that JIC
    after = annual_figures(2020)
    assert after["new_jics"] == before["new_jics"] - 1
    assert after["planned_investment_cny"] == before["planned_investment_cny"] - planned


@pytest.mark.django_db
def test_other_years_have_figures_too() -> None:
    figures = annual_figures(2019)
    assert 0 < figures["spinoffs"] < 160
    assert 0 < figures["revenue_cny"] < 4_000_000_000


@pytest.mark.django_db
def test_report_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("report", "annual", "--year", "2020", "--format", "json")
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["spinoffs"] == 160
    assert data["contract_value_cny"] == 630_000_000


@pytest.mark.django_db
def test_needs_count_follows_the_visibility_rule(user_factory: Any) -> None:
    from techbridge.core.choices import Role
    from techbridge.needs.models import TechnologyNeed
    from techbridge.organisations.models import Enterprise, Organisation

    hq = user_factory("hq-count", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    assert annual_figures(2020, user=hq)["needs"] == 285
    enterprise = Enterprise.objects.filter(needs__jic__isnull=False).first()
    ent_user = user_factory("ent-count", enterprise, Role.ENTERPRISE_USER)
    expected = (
        TechnologyNeed.objects.visible_to(ent_user)
        .filter(jic__isnull=False, submitted_on__year=2020)
        .count()
    )
    assert annual_figures(2020, user=ent_user)["needs"] == expected < 285


@pytest.mark.django_db
def test_several_years_take_one_query_per_figure(django_assert_max_num_queries: Any) -> None:
    from techbridge.reports.services import annual_figures_for_years

    # Given five years' figures computed together
    with django_assert_max_num_queries(len(PRESIDENTS_STATEMENT_2020) + 1):
        together = annual_figures_for_years(range(2016, 2021))
    # then they equal each year's own
    assert together == {year: annual_figures(year) for year in range(2016, 2021)}
