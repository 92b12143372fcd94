"""Institute evaluation by the chosen scheme, and the funding what-if before confirming."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from techbridge.needs.visibility import NeedAudience

from .evaluation import EvaluationError, FundingRule, allocate, confirm_allocation, evaluate
from .models import EvaluationScheme, FundingAllocation


def _hq(request: HttpRequest) -> None:
    audience = NeedAudience.of(request.user)
    if not audience.is_headquarters:
        raise PermissionDenied


def _scheme(request: HttpRequest) -> EvaluationScheme | None:
    schemes = EvaluationScheme.objects.prefetch_related("weights")
    chosen = request.GET.get("scheme") or request.POST.get("scheme")
    if chosen and chosen.isdigit():
        return schemes.filter(pk=int(chosen)).first()
    return schemes.first()


def _rule(data: dict[str, str]) -> FundingRule:
    def number(name: str, default: float | None) -> float | None:
        value = (data.get(name) or "").replace(",", "").strip()
        if not value:
            return default
        try:
            return float(value)
        except ValueError:
            raise EvaluationError(_("请输入数字：%(field)s") % {"field": name}) from None

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
