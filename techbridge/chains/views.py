"""Chain list, chain page with its graph, drill-down per key technology, gap report export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from techbridge.core.params import int_param
from techbridge.core.permissions import is_network_staff
from techbridge.matching.serving import get_index

from . import services
from .choices import Coverage, MappingSource
from .exports import gap_pdf, gap_workbook
from .models import IndustryChain, KeyTechnology, TechnologyMapping
from .tables import ChainTable, GapTable

COLOURS: dict[str, str] = {
    Coverage.GAP: "#d63939",
    Coverage.FRAGILE: "#f76707",
    Coverage.COVERED: "#2fb344",
    Coverage.IDLE: "#9aa0ac",
}
LINK_COLOUR = "#206bc4"


def _year(request: HttpRequest) -> int | None:
    return int_param(request.GET.get("year"), lo=1990, hi=2100)


@login_required
def chain_list(request: HttpRequest) -> HttpResponse:
    chains = IndustryChain.objects.select_related("industry").annotate(
        link_count=Count("links", distinct=True),
        technology_count=Count("links__technologies", distinct=True),
    )
    table = ChainTable(chains)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "chains/list.html", {"chains": chains, "table": table})


@login_required
def chain_detail(request: HttpRequest, pk: int) -> HttpResponse:
    chain = get_object_or_404(IndustryChain.objects.select_related("industry"), pk=pk)
    year = _year(request)
    report = services.gap_analysis(chain, request.user, year)
    return render(
        request,
        "chains/detail.html",
        {
            "chain": chain,
            "year": year,
            "report": report,
            "ranked": GapTable(report.ranked(), year=year),
            "colours": COLOURS,
        },
    )


def graph_data(report: services.ChainGapReport) -> dict[str, Any]:
    """ECharts graph series data: links in a row, their key technologies below them."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    previous = ""
    for column, link_gap in enumerate(report.links):
        link_id = f"link-{link_gap.link.pk}"
        nodes.append(
            {
                "id": link_id,
                "name": link_gap.link.name,
                "category": 0,
                "x": column * 220,
                "y": 0,
                "symbolSize": 56,
                "itemStyle": {"color": LINK_COLOUR, "borderColor": COLOURS[link_gap.coverage]},
                "coverage": link_gap.coverage,
                "singleInstitute": link_gap.single_institute,
            }
        )
        if previous:
            edges.append({"source": previous, "target": link_id})
        previous = link_id
        for row, gap in enumerate(link_gap.technologies, start=1):
            tech_id = f"tech-{gap.technology.pk}"
            nodes.append(
                {
                    "id": tech_id,
                    "name": gap.technology.name,
                    "category": 1,
                    "x": column * 220,
                    "y": row * 90,
                    "symbolSize": 18 + min(gap.demand_count, 30),
                    "itemStyle": {"color": COLOURS[gap.coverage]},
                    "coverage": gap.coverage,
                    "demand": gap.demand_count,
                    "supply": gap.supply_count,
                    "flags": gap.flag_labels(),
                    "url": gap.technology.get_absolute_url(),
                }
            )
            edges.append({"source": link_id, "target": tech_id})
    return {
        "nodes": nodes,
        "links": edges,
        "categories": [{"name": _("环节")}, {"name": _("关键技术")}],
        "labels": {"demand": _("需求"), "supply": _("供给")},
    }


@login_required
def chain_graph(request: HttpRequest, pk: int) -> JsonResponse:
    chain = get_object_or_404(IndustryChain, pk=pk)
    return JsonResponse(graph_data(services.gap_analysis(chain, request.user, _year(request))))


@login_required
def gap_report_excel(request: HttpRequest, pk: int) -> HttpResponse:
    chain = get_object_or_404(IndustryChain, pk=pk)
    year = _year(request)
    report = services.gap_analysis(chain, request.user, year)
    response = HttpResponse(
        gap_workbook(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    suffix = f"-{year}" if year else ""
    response["Content-Disposition"] = f'attachment; filename="gaps-{chain.code}{suffix}.xlsx"'
    return response


@login_required
def gap_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    chain = get_object_or_404(IndustryChain, pk=pk)
    year = _year(request)
    report = services.gap_analysis(chain, request.user, year)
    response = HttpResponse(gap_pdf(report), content_type="application/pdf")
    suffix = f"-{year}" if year else ""
    response["Content-Disposition"] = f'attachment; filename="gaps-{chain.code}{suffix}.pdf"'
    return response


@login_required
def technology_detail(request: HttpRequest, pk: int) -> HttpResponse:
    technology = get_object_or_404(
        KeyTechnology.objects.select_related("link__chain", "technology_field"), pk=pk
    )
    year = _year(request)
    gap = services.technology_gap(technology, request.user, year)
    staff = is_network_staff(request.user)
    suggestions = (
        list(technology.mappings.filter(source=MappingSource.SUGGESTED).order_by("-score"))
        if staff
        else []
    )
    labels = services.record_labels(suggestions)
    for mapping in suggestions:
        mapping.label = labels.get(  # type: ignore[attr-defined]
            (mapping.record_type, mapping.record_id), f"#{mapping.record_id}"
        )
    return render(
        request,
        "chains/technology.html",
        {
            "technology": technology,
            "chain": technology.link.chain,
            "gap": gap,
            "year": year,
            "staff": staff,
            "suggestions": suggestions,
            "colours": COLOURS,
        },
    )


@login_required
@require_POST
def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_network_staff(request.user):
        raise PermissionDenied
    technology = get_object_or_404(KeyTechnology.objects.select_related("link"), pk=pk)

    index = get_index()
    if not index.status().ready:
        messages.warning(request, _("匹配索引尚未就绪，请稍后再试。"))
    else:
        found = services.suggest_mappings(technology, index)
        messages.success(request, _("引擎建议了 %(n)d 条映射。") % {"n": len(found)})
    return redirect(technology.get_absolute_url())


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = get_object_or_404(TechnologyMapping.objects.select_related("key_technology"), pk=pk)
    try:
        services.decide_mapping(request.user, mapping, request.POST.get("source", ""))
    except services.ChainError as error:
        if not is_network_staff(request.user):
            raise PermissionDenied from error
        messages.error(request, str(error))
    else:
        messages.success(request, _("已保存。"))
    return redirect(mapping.key_technology.get_absolute_url())
