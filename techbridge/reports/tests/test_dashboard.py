"""Dashboard figures: trends, funnel and distributions, counted through the visibility rule."""

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
