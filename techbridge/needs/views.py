"""Pages for needs: list, detail, intake and triage. Views validate input and call services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from techbridge.accounts import security

from . import held, services
from .filtersets import TechnologyNeedFilterSet
from .forms import (
    ClassifyForm,
    DuplicateForm,
    NeedForm,
    OptionalReasonForm,
    ReasonForm,
)
from .models import DisclosureRequest, NeedAttachment, TechnologyNeed
from .projection import NeedProjection, reference
from .resources import TechnologyNeedResource
from .tables import NeedTable
from .visibility import NeedAudience, search_needs, visible_needs_for


def _listed_needs(
    request: HttpRequest, audience: NeedAudience
) -> tuple[TechnologyNeedFilterSet, Any, str]:
    """The list's needs: visible ones, filtered, and searched in what the user may read."""
    visible = visible_needs_for(TechnologyNeed.objects.all(), audience)
    filterset = TechnologyNeedFilterSet(request.GET, queryset=visible)
    needs = filterset.qs
    query = request.GET.get("q", "").strip()
    needs = search_needs(needs, audience, query)
    needs = needs.select_related("enterprise", "technology_field", "jic").prefetch_related(
        "named_viewers"
    )
    return filterset, needs, query


EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@login_required
def need_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list as CSV or Excel, with the same filters and the same visibility rule."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    audience = NeedAudience.of(request.user)
    _filterset, needs, _query = _listed_needs(request, audience)
    resource = TechnologyNeedResource(audience)
    dataset = resource.export(queryset=needs.order_by("-submitted_on", "-id"))
    content_type, extension = EXPORT_FORMATS[fmt]
    body = dataset.export(extension)
    security.record(
        security.EXPORT,
        request,
        register="needs",
        format=fmt,
        rows=len(dataset),
        query=request.GET.urlencode()[:500],
    )
    if fmt == "csv":
        body = "\ufeff" + body  # a BOM so that Excel opens Chinese CSV as UTF-8
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="technology-needs.{extension}"'
    return response


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    audience = NeedAudience.of(request.user)
    filterset, needs, query = _listed_needs(request, audience)
    # (the rows' projections ask for named viewers once: no prefetch of every viewer)
    needs = needs.prefetch_related(None)
    table = NeedTable(needs.order_by("-submitted_on", "-id"))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    table.project(audience)
    return render(
        request,
        "needs/list.html",
        {
            "filterset": filterset,
            "table": table,
            "query": query,
            "can_submit": services.enterprises_user_may_submit_for(request.user).exists(),
        },
    )


def _visible_need(request: HttpRequest, pk: int) -> TechnologyNeed:
    return get_object_or_404(
        TechnologyNeed.objects.visible_to(request.user).select_related(
            "enterprise", "jic", "technology_field", "industry", "duplicate_of"
        ),
        pk=pk,
    )


def _history(need: TechnologyNeed, audience: NeedAudience) -> list[tuple[Any, Any]]:
    """The need's events, each with the reader's view of the need it refers to."""
    events = list(need.events.select_related("actor", "related_need__jic")[:50])
    return [
        (event, reference(event.related_need, audience) if event.related_need_id else None)
        for event in events
    ]


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = _visible_need(request, pk)
    audience = NeedAudience.of(request.user)
    full = audience.reads(need)
    can_triage = services.can_triage(request.user, need)
    own = need.enterprise_id in audience.organisation_ids
    context: dict[str, Any] = {
        "view": NeedProjection(need, full),
        "need": need,
        "full": full,
        "can_triage": can_triage,
        "can_broker": can_triage or services.can_broker(request.user, need),
        "is_owner": own,
        "can_edit": services.can_edit(request.user, need),
        "events": _history(need, audience) if full else [],
        "duplicate_of": reference(need.duplicate_of, audience) if need.duplicate_of else None,
        "attachments": need.attachments.all() if full else [],
        "pending_disclosures": (
            need.disclosure_requests.filter(status="pending").select_related("requester")
            if own
            else []
        ),
        "classify_form": ClassifyForm(
            initial={"industry": need.industry_id, "technology_field": need.technology_field_id}
        ),
        "reason_form": ReasonForm(),
        "optional_reason_form": OptionalReasonForm(),
        "duplicate_form": DuplicateForm(),
    }
    return render(request, "needs/detail.html", context)


@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    enterprises = services.enterprises_user_may_submit_for(request.user)
    if not enterprises.exists():
        messages.error(request, _("您的账号不能提交技术需求：请联系企业管理员或联合创新中心。"))
        return redirect("needs:list")
    form = NeedForm(request.POST or None, request.FILES or None, enterprises=enterprises)
    kept = request.POST.getlist("held_attachment")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        named = data.pop("named_viewers") or []
        files = (data.pop("attachments") or []) + held.take(request.user, kept)
        try:
            need = services.submit_need(
                request.user, fields=data, named_viewers=named, attachments=files
            )
        except services.NeedActionError as error:
            form.add_error(None, str(error))
        else:
            held.release(request.user, kept)
            messages.success(request, _("需求已提交，编号 %(id)s。") % {"id": need.pk})
            return redirect("needs:detail", pk=need.pk)
    return render(request, "needs/form.html", {"form": form, **_held(request, form, kept)})


def _held(request: HttpRequest, form: NeedForm, kept: list[str]) -> dict[str, Any]:
    """The attachments a form that comes back keeps: those held before, and the files chosen
    with this submission that passed their own checks."""
    if request.method == "POST":
        chosen = form.cleaned_data.get("attachments") if hasattr(form, "cleaned_data") else None
        kept = kept + held.hold(request.user, list(chosen or []))
    return {"held_attachments": held.describe(request.user, kept)}


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = _visible_need(request, pk)
    if not services.can_edit(request.user, need):
        messages.error(request, _("该需求已开放对接或已结束，不能再修改。"))
        return redirect("needs:detail", pk=need.pk)
    enterprises = services.enterprises_user_may_submit_for(request.user).filter(
        pk=need.enterprise_id
    )
    form = NeedForm(
        request.POST or None, request.FILES or None, instance=need, enterprises=enterprises
    )
    kept = request.POST.getlist("held_attachment")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        named = data.pop("named_viewers")
        files = (data.pop("attachments") or []) + held.take(request.user, kept)
        try:
            # The form validated a copy of the need; the service re-reads and saves it.
            need.refresh_from_db()
            services.edit_need(
                request.user, need, fields=data, named_viewers=named, attachments=files
            )
        except services.NeedActionError as error:
            form.add_error(None, str(error))
        else:
            held.release(request.user, kept)
            messages.success(request, _("需求已修改并重新提交。"))
            return redirect("needs:detail", pk=need.pk)
    return render(
        request, "needs/form.html", {"form": form, "editing": need, **_held(request, form, kept)}
    )


TRIAGE_ACTIONS = {"classify", "open", "return", "park", "duplicate"}


@login_required
@require_POST
def need_triage(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in TRIAGE_ACTIONS:
        raise Http404
    need = _visible_need(request, pk)
    try:
        if action == "classify":
            form: Any = ClassifyForm(request.POST)
            if not form.is_valid():
                raise services.NeedActionError(_("请选择行业和技术领域。"))
            services.classify_need(request.user, need, **form.cleaned_data)
        elif action == "open":
            services.open_need(request.user, need)
        elif action == "return":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise services.NeedActionError(_("退回修改时必须说明原因。"))
            services.return_need(request.user, need, reason=form.cleaned_data["reason"])
        elif action == "park":
            form = OptionalReasonForm(request.POST)
            form.is_valid()
            services.park_need(request.user, need, reason=form.cleaned_data.get("reason", ""))
        else:
            form = DuplicateForm(request.POST)
            original = None
            if form.is_valid():
                original = (
                    TechnologyNeed.objects.visible_to(request.user)
                    .filter(pk=form.cleaned_data["original"])
                    .first()
                )
            if original is None:
                raise services.NeedActionError(_("找不到该编号的需求。"))
            services.mark_duplicate(request.user, need, original=original)
    except services.NeedActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已保存。"))
    return redirect("needs:detail", pk=need.pk)


@login_required
@require_POST
def disclosure_request(request: HttpRequest, pk: int) -> HttpResponse:
    need = _visible_need(request, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise services.NeedActionError(_("请说明申请查看全文的理由。"))
        services.request_disclosure(request.user, need, reason=form.cleaned_data["reason"])
    except services.NeedActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("申请已发送，企业同意后即可查看全文。"))
    return redirect("needs:detail", pk=need.pk)


@login_required
@require_POST
def disclosure_decide(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    need = _visible_need(request, pk)
    disclosure = get_object_or_404(DisclosureRequest, pk=request_pk, need=need)
    try:
        services.decide_disclosure(
            request.user, disclosure, approve=request.POST.get("decision") == "approve"
        )
    except services.NeedActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已保存。"))
    return redirect("needs:detail", pk=need.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Attachments are served only to readers of the full need (never from a public URL)."""
    need = _visible_need(request, pk)
    if not NeedAudience.of(request.user).reads(need):
        raise Http404
    attachment = get_object_or_404(NeedAttachment, pk=attachment_pk, need=need)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=str(attachment),
        content_type=attachment.content_type,
    )
