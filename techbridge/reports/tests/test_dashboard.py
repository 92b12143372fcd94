"""Dashboard figures: trends, funnel and distributions, counted through the visibility rule."""

import datetime as dt
from typing import Any

import pytest

from techbridge.core.choices import Role
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.reports.dashboard import dashboard_data

pytestmark = pytest.mark.django_db


def test_headquarters_dashboard(user_factory: Any) -> None:
    hq = user_factory("hq-dash", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    data = dashboard_data(hq, 2020)
    assert data["years"][-1] == 2020 and data["spinoffs"][-1] == 160 and data["revenue"][-1] == 40.0
    assert (
        sum(r["value"] for r in data["regions"])
        == TechnologyNeed.objects.filter(submitted_on__year=2020).count()
    )
    funnel = [step["value"] for step in data["funnel"]]
    assert funnel == sorted(funnel, reverse=True) and funnel[0] > 0  # a funnel narrows


def test_enterprise_dashboard_counts_only_what_it_may_see(user_factory: Any) -> None:
    enterprise = Enterprise.objects.filter(needs__isnull=False).first()
    user = user_factory("ent-dash", enterprise, Role.ENTERPRISE_USER)
    data = dashboard_data(user, 2020)
    visible = TechnologyNeed.objects.visible_to(user).filter(submitted_on__year=2020).count()
    assert sum(r["value"] for r in data["regions"]) == visible
    assert visible < TechnologyNeed.objects.filter(submitted_on__year=2020).count()


def test_cached_figures_follow_each_saved_or_deleted_record(
    user_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from techbridge.institutes.models import RevenueRecord
    from techbridge.ventures.models import SpinOff

    hq = user_factory("hq-fresh", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    # Given the dashboard's yearly figures, read once (and kept in the shared cache)
    before = dashboard_data(hq, 2020)
    assert dashboard_data(hq, 2020)["spinoffs"] == before["spinoffs"]
    # when a 2020 spin-off is moved to 2019 and a 2020 revenue record deleted
    spinoff = SpinOff.objects.filter(founded_on__year=2020).order_by("pk").first()
    revenue = RevenueRecord.objects.filter(year=2020).order_by("-amount_cny").first()
    assert spinoff is not None and revenue is not None
    with django_capture_on_commit_callbacks(execute=True):
        spinoff.founded_on = spinoff.founded_on.replace(year=2019)
        spinoff.save()
        revenue.delete()
    # then the next dashboard shows both changes
    after = dashboard_data(hq, 2020)
    assert after["spinoffs"][-1] == before["spinoffs"][-1] - 1
    assert after["spinoffs"][-2] == before["spinoffs"][-2] + 1
    assert after["revenue"][-1] == round(
        (before["figures"]["revenue_cny"] - int(revenue.amount_cny)) / 1e8, 2
    )
    assert after["figures"]["revenue_cny"] < before["figures"]["revenue_cny"]


def test_the_map_follows_a_new_expert_and_a_deleted_institute(
    user_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from techbridge.institutes.models import ResearchInstitute
    from techbridge.people.models import Expert

    hq = user_factory("hq-map", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)

    def layer(key: str) -> int:
        layers = dashboard_data(hq, 2020)["map"]["layers"]
        chosen = next(item for item in layers if item["key"] == key)
        return sum(c["value"] for c in chosen["cities"] + chosen["outside"])

    # Given the map's counts, read once (and kept in the shared cache)
    experts, institutes = layer("experts"), layer("institutes")
    assert experts and institutes
    # when an expert and an institute are added, then the institute removed,
    # then each next map shows the change
    institute = ResearchInstitute.objects.filter(experts__isnull=False).first()
    assert institute is not None
    with django_capture_on_commit_callbacks(execute=True):
        Expert.objects.create(name_zh="测试专家", name_en="Test Expert", organisation=institute)
    assert layer("experts") == experts + 1
    with django_capture_on_commit_callbacks(execute=True):
        spare = ResearchInstitute.objects.create(
            name_zh="测试研究所",
            name_en="Test Institute",
            region="nanjing",
            founding_year=2020,
            joined_on=dt.date(2020, 6, 1),
            business_unit=institute.business_unit,
        )
    assert layer("institutes") == institutes + 1
    with django_capture_on_commit_callbacks(execute=True):
        spare.delete()
    assert layer("institutes") == institutes


def test_headquarters_counts_follow_each_new_need_and_moved_case(
    user_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from techbridge.cooperation.models import CooperationCase

    hq_org = Organisation.objects.get(kind="headquarters")
    first = user_factory("hq-one", hq_org, Role.HQ_STAFF)
    second = user_factory("hq-two", hq_org, Role.HQ_STAFF)
    # Given headquarters' dashboard, read once (and kept in the shared cache)
    before = dashboard_data(first, 2020)
    assert dashboard_data(second, 2020)["regions"] == before["regions"]
    # when a 2020 need is added and a case is lost
    need = TechnologyNeed.objects.filter(submitted_on__year=2020).order_by("pk").first()
    case = CooperationCase.objects.exclude(stage="lost").order_by("pk").first()
    assert need is not None and case is not None
    with django_capture_on_commit_callbacks(execute=True):
        need.pk = None
        need.save()
        case.stage, case.lost_reason = "lost", "企业预算调整"
        case.save()
    # then the next dashboard of any headquarters reader counts both
    after = dashboard_data(second, 2020)
    total = sum(r["value"] for r in after["regions"])
    assert total == sum(r["value"] for r in before["regions"]) + 1
    assert after["lost"] == before["lost"] + 1


def test_cached_figures_count_needs_for_each_reader(user_factory: Any) -> None:
    hq = user_factory("hq-share", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    enterprise = Enterprise.objects.filter(needs__jic__isnull=False).first()
    outsider = user_factory("ent-share", enterprise, Role.ENTERPRISE_USER)
    # Given the network's figures cached by headquarters' dashboard
    everything = dashboard_data(hq, 2020)["figures"]
    # then an enterprise reads the same network figures but only the needs it may see
    seen = dashboard_data(outsider, 2020)["figures"]
    assert seen["needs"] < everything["needs"]
    assert {k: v for k, v in seen.items() if k != "needs"} == {
        k: v for k, v in everything.items() if k != "needs"
    }
