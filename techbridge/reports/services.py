"""Headline figures of a year, computed from the records by query (never stored totals).

The definitions follow the President's Statement of an annual report:

========================  ===============================================================
key                       counted as
========================  ===============================================================
new_institutes            research institutes that joined the network in the year
project_managers          project managers introduced in the year
fellows                   Fellows and Junior Fellows hired in the year
spinoffs                  spin-off enterprises founded in the year
revenue_cny               institutes' revenue of the year, all sources
achievements_transferred  distinct achievements transferred to industry in the year
new_jics                  Joint Innovation Centers established in the year
needs                     technology needs documented by JICs, submitted in the year
planned_investment_cny    planned investment of the JICs established in the year
cooperation_projects      cooperation contracts reached through JICs, signed in the year
contract_value_cny        their total contract value
overseas_partners         overseas partners whose first agreement was signed in the year
major_projects            major projects approved in the year
major_project_investment  total funding of those major projects
graduates                 jointly trained graduate students enrolled in the year
========================  ===============================================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from django.core.cache import cache
from django.db.models import Aggregate, Count, Max, Min, QuerySet, Sum
from django.db.models.functions import ExtractYear

from techbridge.achievements.models import AchievementTransfer
from techbridge.cooperation.models import (
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
)
from techbridge.institutes.models import ResearchInstitute, RevenueRecord
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience
from techbridge.organisations.models import OverseasPartner
from techbridge.people.models import ProjectManager
from techbridge.talent.models import Fellow, GraduateStudent
from techbridge.ventures.models import SpinOff

from .signals import figures_version

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class AnnualFigures(TypedDict):
    year: int
    new_institutes: int
    project_managers: int
    fellows: int
    spinoffs: int
    revenue_cny: int
    achievements_transferred: int
    new_jics: int
    needs: int
    planned_investment_cny: int
    cooperation_projects: int
    contract_value_cny: int
    overseas_partners: int
    major_projects: int
    major_project_investment_cny: int
    graduates: int


def _cny(value: Decimal | None) -> int:
    return int((value or Decimal(0)).quantize(Decimal(1)))


def annual_figures(
    year: int, user: AbstractBaseUser | AnonymousUser | None = None
) -> AnnualFigures:
    """The year's headline figures. With ``user``, needs are counted as the rule allows."""
    return annual_figures_for_years([year], user=user)[year]


class _YearOfDate(ExtractYear):
    """The year of a date field; in SQL on SQLite too, where ``ExtractYear`` calls Python once
    per row (dates are stored there as ``YYYY-MM-DD`` text)."""

    def as_sqlite(
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", tuple(params)


class _Pair(NamedTuple):
    """Two figures of the same records, computed in one query (a count and a sum)."""

    first: Aggregate
    second: Aggregate


def _by_year(
    queryset: QuerySet[Any], date_field: str, value: Aggregate | _Pair, years: list[int]
) -> dict[int, Any]:
    """``value`` of the records of ``queryset`` per year of ``date_field`` (one query); a
    pair of values for a :class:`_Pair`."""
    values = {"_value": value} if isinstance(value, Aggregate) else {"_a": value[0], "_b": value[1]}
    rows = (
        queryset.filter(
            **{f"{date_field}__year__gte": years[0], f"{date_field}__year__lte": years[-1]}
        )
        .annotate(_year=_YearOfDate(date_field))
        .values("_year")
        .annotate(**values)
        .order_by()
        .values_list("_year", *values)
    )
    return {row[0]: row[1] if len(row) == 2 else tuple(row[1:]) for row in rows}


def annual_figures_for_years(
    years: Iterable[int],
    user: AbstractBaseUser | AnonymousUser | None = None,
    *,
    shared: bool = False,
) -> dict[int, AnnualFigures]:
    """:func:`annual_figures` of several years, in one query per figure (not per year).

    ``shared``: take the figures that are the same for every reader from the shared cache
    (:func:`cached_network_figures`); needs are always counted for ``user``."""
    wanted = sorted(set(years))
    if not wanted:
        return {}
    network = cached_network_figures(wanted) if shared else network_figures(wanted)
    needs = TechnologyNeed.objects.all()
    if user is not None:
        # (through the primary keys: grouping a DISTINCT queryset would count joined rows)
        needs = TechnologyNeed.objects.filter(
            pk__in=NeedAudience.of(user).countable(needs).values("pk")
        )
    jic_needs = _by_year(needs.filter(jic__isnull=False), "submitted_on", Count("pk"), wanted)
    return {
        year: AnnualFigures(year=year, needs=jic_needs.get(year, 0), **network[year])  # type: ignore[typeddict-item]
        for year in wanted
    }


#: The longest a figure stays in the shared cache after a write that sent no signal.
NETWORK_FIGURES_TTL_S = 60


def cached_network_figures(years: list[int]) -> dict[int, dict[str, int]]:
    """:func:`network_figures` from the shared cache, under the version that every change
    of a counted record renews (``signals.py``)."""
    key = f"reports:network-figures:{figures_version()}:{years[0]}:{years[-1]}:{len(years)}"
    figures: dict[int, dict[str, int]] | None = cache.get(key)
    if figures is None or set(figures) != set(years):
        figures = network_figures(years)
        cache.set(key, figures, NETWORK_FIGURES_TTL_S)
    return figures


def network_figures(years: list[int]) -> dict[int, dict[str, int]]:
    """Each year's figures but needs: the same for every reader (``years`` sorted)."""
    count = Count("pk")
    new_institutes = _by_year(ResearchInstitute.objects.all(), "joined_on", count, years)
    project_managers = _by_year(ProjectManager.objects.all(), "introduced_on", count, years)
    fellows = _by_year(Fellow.objects.all(), "hired_on", count, years)
    spinoffs = _by_year(SpinOff.objects.all(), "founded_on", count, years)
    revenue = dict(
        RevenueRecord.objects.filter(year__in=years)
        .values("year")
        .annotate(s=Sum("amount_cny"))
        .order_by()
        .values_list("year", "s")
    )
    transferred = _by_year(
        AchievementTransfer.objects.all(),
        "transferred_on",
        Count("achievement_id", distinct=True),
        years,
    )
    jics = _by_year(
        JointInnovationCenter.objects.all(),
        "established_on",
        _Pair(Count("pk"), Sum("planned_investment_cny")),
        years,
    )
    contracts = _by_year(
        CooperationContract.objects.filter(jic__isnull=False),
        "signed_on",
        _Pair(Count("pk"), Sum("value_cny")),
        years,
    )
    # A partner counts in the year of its first agreement (few partners: counted here).
    partners = Counter(
        first.year
        for first in OverseasPartner.objects.annotate(first=Min("agreements__signed_on"))
        .values_list("first", flat=True)
        .order_by()
        if first is not None
    )
    major_projects = _by_year(MajorProject.objects.all(), "approved_on", count, years)
    major_funding = _by_year(
        MajorProjectFunding.objects.all(), "project__approved_on", Sum("amount_cny"), years
    )
    graduates = _by_year(GraduateStudent.objects.all(), "enrolled_on", count, years)
    return {
        year: {
            "new_institutes": new_institutes.get(year, 0),
            "project_managers": project_managers.get(year, 0),
            "fellows": fellows.get(year, 0),
            "spinoffs": spinoffs.get(year, 0),
            "revenue_cny": _cny(revenue.get(year)),
            "achievements_transferred": transferred.get(year, 0),
            "new_jics": jics.get(year, (0, None))[0],
            "planned_investment_cny": _cny(jics.get(year, (0, None))[1]),
            "cooperation_projects": contracts.get(year, (0, None))[0],
            "contract_value_cny": _cny(contracts.get(year, (0, None))[1]),
            "overseas_partners": partners.get(year, 0),
            "major_projects": major_projects.get(year, 0),
            "major_project_investment_cny": _cny(major_funding.get(year)),
            "graduates": graduates.get(year, 0),
        }
        for year in years
    }


def latest_year_with_data() -> int:
    """The most recent year with revenue on record (the last closed reporting year)."""
    year = RevenueRecord.objects.aggregate(y=Max("year"))["y"]
    return int(year) if year else 2020
