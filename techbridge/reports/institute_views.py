"""Institutes' dashboards, evaluation by the chosen scheme, and the funding what-if."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from techbridge.core.params import int_param
from techbridge.institutes.models import EvaluationScheme, FundingAllocation
from techbridge.needs.visibility import NeedAudience

from .dashboard import institute_dashboard_data
from .evaluation import (
    MAX_AMOUNT_CNY,
    EvaluationError,
    FundingRule,
    allocate,
    confirm_allocation,
    evaluate,
)
from .institutes import figures_for, institute_year_figures, institutes_of
from .services import latest_year_with_data
from .tables import InstituteRow, InstituteYearTable

YEARS = range(2016, 2021)


def _year(request: HttpRequest) -> int:
    year = int_param(request.GET.get("year"), lo=1950, hi=2100)
    return year if year is not None else latest_year_with_data()


@login_required
def institute_list(request: HttpRequest) -> HttpResponse:
    """Every institute for headquarters staff; an institute's own staff see theirs."""
    institutes = list(institutes_of(request.user).select_related("business_unit"))
    if not institutes and not NeedAudience.of(request.user).is_headquarters:
        raise PermissionDenied
    year = _year(request)
    figures = figures_for([i.pk for i in institutes], year)
    rows = []
    for institute in institutes:
        f = figures[institute.pk].figures
        rows.append(
            InstituteRow(
                pk=institute.pk,
                name=institute.name,
                url=f"{reverse('institutes:dashboard', args=[institute.pk])}?year={year}",
                business_unit=institute.business_unit.name if institute.business_unit else "",
                revenue_cny=figures[institute.pk].revenue_cny,
                contracts_signed=f["contracts_signed"].value,
                contract_value_cny=f["contract_value_cny"].value,
                spinoffs=f["spinoffs"].value,
                headcount=f["headcount"].value,
            )
        )
    table = InstituteYearTable(rows)
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    return render(
        request,
        "institutes/list.html",
        {"year": year, "years": list(YEARS), "rows": rows, "table": table},
    )


@login_required
def institute_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """One institute's year: figures with their origins, trends, funnel, needs by region."""
    institute = get_object_or_404(institutes_of(request.user), pk=pk)
    year = _year(request)
    figures = institute_year_figures(institute, year)
    return render(
        request,
        "institutes/dashboard.html",
        {
            "institute": institute,
            "year": year,
            "years": list(YEARS),
            "figures": figures,
            "dashboard": institute_dashboard_data(request.user, institute, year),
        },
    )


def _hq(request: HttpRequest) -> None:
    audience = NeedAudience.of(request.user)
    if not audience.is_headquarters:
        raise PermissionDenied


def _scheme(request: HttpRequest) -> EvaluationScheme | None:
    schemes = EvaluationScheme.objects.prefetch_related("weights")
    chosen = int_param(request.GET.get("scheme") or request.POST.get("scheme"), lo=1)
    if chosen is not None:
        return schemes.filter(pk=chosen).first()
    return schemes.first()


def _rule(data: dict[str, str]) -> FundingRule:
    def number(name: str, default: float | None) -> float | None:
        value = (data.get(name) or "").replace(",", "").strip()
        if not value:
            return default
        try:
            number = float(value)
        except ValueError:
            raise EvaluationError(_("请输入数字：%(field)s") % {"field": name}) from None
        if not math.isfinite(number) or abs(number) >= MAX_AMOUNT_CNY:
            raise EvaluationError(
                _("%(field)s 须为小于 %(most)s 的有限数字。")
                % {"field": name, "most": f"{MAX_AMOUNT_CNY:,}"}
            )
        return number

    budget = number("budget", 0) or 0
    cap = number("cap", None)
    return FundingRule(
        budget=int(budget),
        floor=int(number("floor", 0) or 0),
        cap=int(cap) if cap is not None else None,
        revenue_share=(number("revenue_share", 0) or 0) / 100,
    )


@login_required
def evaluation(request: HttpRequest, year: int) -> HttpResponse:
    _hq(request)
    scheme = _scheme(request)
    context: dict[str, object] = {
        "year": year,
        "years": list(range(2016, 2021)),
        "scheme": scheme,
        "schemes": EvaluationScheme.objects.all(),
        "allocations": FundingAllocation.objects.filter(year=year).select_related("institute"),
    }
    if scheme is not None:
        try:
            context["scores"] = evaluate(scheme, year)
        except EvaluationError as error:
            context["error"] = str(error)
    return render(request, "institutes/evaluation.html", context)


@login_required
def funding_what_if(request: HttpRequest, year: int) -> HttpResponse:
    """The allocation these rules would give, shown before anything is saved."""
    _hq(request)
    scheme = _scheme(request)
    context: dict[str, object] = {"year": year, "scheme": scheme, "query": request.GET.urlencode()}
    try:
        if scheme is None:
            raise EvaluationError(_("请先建立评价方案。"))
        scores = evaluate(scheme, year)
        amounts = allocate(scores, _rule(request.GET.dict()))
    except EvaluationError as error:
        context["error"] = str(error)
    else:
        context["rows"] = [(s, amounts[s.institute_id]) for s in scores]
        context["total"] = sum(amounts.values())
    return render(request, "institutes/_what_if.html", context)


@login_required
@require_POST
def funding_confirm(request: HttpRequest, year: int) -> HttpResponse:
    _hq(request)
    scheme = _scheme(request)
    try:
        if scheme is None:
            raise EvaluationError(_("请先建立评价方案。"))
        scores = evaluate(scheme, year)
        rule = _rule(request.POST.dict())
        made = confirm_allocation(scheme, year, scores, allocate(scores, rule), rule)
    except EvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已确认 %(n)d 家研究所的绩效拨款。") % {"n": len(made)})
    return redirect("institutes:evaluation", year=year)
