"""Headquarters' assignment runs: propose, review and adjust, confirm."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from techbridge.core.params import int_param
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience

from . import services
from .forms import NewRunForm
from .models import AssignmentRun
from .tables import AssignmentRunTable


def _staff(request: HttpRequest) -> None:
    if not services.may_assign(request.user):
        raise PermissionDenied


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = NewRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        audience = NeedAudience.of(request.user)
        needs = audience.read_in_full(TechnologyNeed.objects.filter(status="open")).order_by(
            "submitted_on"
        )
        if form.cleaned_data["technology_field"]:
            needs = needs.filter(technology_field=form.cleaned_data["technology_field"])
        needs = needs.exclude(assignments__isnull=False).distinct()[: form.cleaned_data["limit"]]
        try:
            run = services.propose(
                request.user, needs, handlers_per_need=form.cleaned_data["handlers_per_need"]
            )
        except services.AssignmentError as error:
            messages.error(request, str(error))
        else:
            return redirect("assignments:run", pk=run.pk)
    table = AssignmentRunTable(
        AssignmentRun.objects.select_related("created_by").order_by("-created_at", "-id")
    )
    RequestConfig(request, paginate={"per_page": 30}).configure(table)
    return render(request, "assignments/runs.html", {"form": form, "table": table})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    run = get_object_or_404(AssignmentRun, pk=pk)
    by_need: dict[int, list[Any]] = defaultdict(list)
    for p in run.proposals.select_related("project_manager", "institute"):
        by_need[p.need_id].append(p)
    needs = list(run.needs.select_related("technology_field", "enterprise"))
    lang = "en" if translation.get_language() == "en" else "zh"
    return render(
        request,
        "assignments/run.html",
        {
            "run": run,
            "rows": [(n, by_need.get(n.pk, [])) for n in needs],
            "diagnosis": [d[lang] for d in run.diagnosis],
        },
    )


@login_required
@require_POST
def run_revise(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    run = get_object_or_404(AssignmentRun, pk=pk)

    def pairs(name: str) -> list[tuple[int, str]]:
        out = []
        for value in request.POST.getlist(name):
            need, _sep, handler = value.partition("|")
            need_id = int_param(need, lo=1)
            if need_id is not None and handler:
                out.append((need_id, handler))
        return out

    try:
        new = services.revise(request.user, run, pinned=pairs("pin"), excluded=pairs("exclude"))
    except services.AssignmentError as error:
        messages.error(request, str(error))
        return redirect("assignments:run", pk=run.pk)
    messages.success(request, _("已按调整重新求解。"))
    return redirect("assignments:run", pk=new.pk)


@login_required
@require_POST
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    run = get_object_or_404(AssignmentRun, pk=pk)
    try:
        made = services.confirm(request.user, run)
    except services.AssignmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已确认 %(n)d 项分配。") % {"n": len(made)})
    return redirect("assignments:run", pk=run.pk)
