"""The ventures portfolio and spin-off pages, for network staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from techbridge.core.permissions import is_network_staff
from techbridge.institutes.models import ResearchInstitute

from . import services
from .choices import SpinOffStatus
from .filtersets import SpinOffFilterSet
from .models import SpinOff
from .tables import HoldingTable, RoundTable


def _staff(request: HttpRequest) -> None:
    if not is_network_staff(request.user):
        raise PermissionDenied


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    _staff(request)
    filters = SpinOffFilterSet(request.GET or None, queryset=SpinOff.objects.all())
    result = services.portfolio(filters.qs)
    chart = {
        "years": [t.year for t in result.by_year],
        "institute_value": [float(t.institute_value) for t in result.by_year],
        "network_value": [float(t.network_value) for t in result.by_year],
        "raised": [float(t.raised) for t in result.by_year],
        "institutes": [str(t.institute) for t in result.by_institute[:15]],
        "institute_totals": [float(t.institute_value) for t in result.by_institute[:15]],
        "labels": {
            "institute_value": _("研究所持股价值"),
            "network_value": _("网络持股价值"),
            "raised": _("当年融资额"),
        },
    }
    years = sorted({d.year for d in SpinOff.objects.dates("founded_on", "year")}, reverse=True)
    holdings = HoldingTable(result.holdings, order_by="-institute_value", prefix="holdings-")
    RequestConfig(request, paginate={"per_page": 100}).configure(holdings)
    return render(
        request,
        "ventures/portfolio.html",
        {
            "portfolio": result,
            "holdings": holdings,
            "chart": chart,
            "institutes": ResearchInstitute.objects.order_by("name_zh"),
            "statuses": SpinOffStatus.choices,
            "years": years,
            "selected": request.GET,
        },
    )


@login_required
def spinoff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    spinoff = get_object_or_404(
        SpinOff.objects.select_related("institute", "project_manager", "technology_field"), pk=pk
    )
    team = spinoff.project_manager.team.all() if spinoff.project_manager else []
    return render(
        request,
        "ventures/spinoff.html",
        {
            "spinoff": spinoff,
            "rounds": RoundTable(services.round_summary(spinoff)),
            "team": team,
        },
    )
