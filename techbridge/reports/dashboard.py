"""Figures for the dashboards: trends over years, the pipeline funnel, needs by region and field.

Needs are counted as the visibility rule allows (``NeedAudience.countable``), so a dashboard
never reveals needs its viewer may not see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count

from techbridge.cooperation.choices import STAGE_ORDER, CaseStage
from techbridge.cooperation.models import CooperationCase
from techbridge.core.choices import Region
from techbridge.core.models import TechnologyField
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience

from .services import annual_figures

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def dashboard_data(
    user: AbstractBaseUser | AnonymousUser, year: int, first_year: int = 2016
) -> dict[str, Any]:
    audience = NeedAudience.of(user)
    years = list(range(min(first_year, year), year + 1))
    trend = [annual_figures(y, user=user) for y in years]
    needs = audience.countable(TechnologyNeed.objects.all()).filter(submitted_on__year=year)
    by_region = dict(needs.values_list("enterprise__region").annotate(n=Count("id")).order_by())
    fields = dict(TechnologyField.objects.filter(parent__isnull=True).values_list("pk", "name_zh"))
    names_en = dict(
        TechnologyField.objects.filter(parent__isnull=True).values_list("pk", "name_en")
    )
    by_field = needs.values_list("technology_field").annotate(n=Count("id")).order_by("-n")
    visible_needs = audience.countable(TechnologyNeed.objects.all()).values("pk")
    stages = dict(
        CooperationCase.objects.filter(need__in=visible_needs)
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    # The funnel counts every case that reached a stage (a contracted case was also introduced).
    reached = []
    for position, stage in enumerate(STAGE_ORDER):
        later = STAGE_ORDER[position:]
        reached.append(
            {"name": str(CaseStage(stage).label), "value": sum(stages.get(s, 0) for s in later)}
        )
    return {
        "figures": trend[-1],  # the year's own headline figures (the trend's last point)
        "years": years,
        "revenue": [round(f["revenue_cny"] / 1e8, 2) for f in trend],
        "contract_value": [round(f["contract_value_cny"] / 1e8, 2) for f in trend],
        "spinoffs": [f["spinoffs"] for f in trend],
        "needs": [f["needs"] for f in trend],
        "regions": [
            {"name": str(label), "value": by_region.get(code, 0)}
            for code, label in Region.choices
            if by_region.get(code)
        ],
        "fields": [
            {"name": fields.get(pk, ""), "name_en": names_en.get(pk, ""), "value": n}
            for pk, n in by_field
        ],
        "funnel": reached,
        "lost": stages.get(CaseStage.LOST, 0),
    }
