"""Matching pages: a need's matches (an HTMX panel on the need page), the reverse view, and the
glossary of term pairs that matching translates by."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from techbridge.core import glossary
from techbridge.core.choices import Region
from techbridge.core.models import GlossaryTerm
from techbridge.core.params import int_param
from techbridge.core.registers import GLOSSARY
from techbridge.institutes.models import ResearchInstitute
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.projection import NeedProjection
from techbridge.needs.services import can_triage
from techbridge.needs.visibility import NeedAudience
from techbridge.people.models import Expert

from . import services
from .choices import DecisionAction, ResourceType
from .forms import GlossaryTermForm
from .index import PlatformIndex
from .serving import get_index
from .tables import GlossaryTable


def _started_index() -> PlatformIndex:
    index = get_index()
    if settings.MATCHING_AUTOBUILD:
        index.start_background_build(encode_missing=settings.MATCHING_ENCODE_IN_WEB)
    return index


def _need(request: HttpRequest, pk: int) -> TechnologyNeed:
    return get_object_or_404(TechnologyNeed.objects.visible_to(request.user), pk=pk)


def _filters(request: HttpRequest) -> services.Filters:
    return services.Filters(
        region=request.GET.get("region", ""),
        country=request.GET.get("country", "").upper()[:2],
        institute=int_param(request.GET.get("institute"), lo=1),
    )


@login_required
def need_matches(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    index = _started_index()
    status = index.status()
    resource_type = request.GET.get("type", ResourceType.EXPERT)
    context = {
        "need": need,
        "status": status,
        "types": ResourceType.choices,
        "resource_type": resource_type,
        "regions": Region.choices,
        "filters": _filters(request),
        "institutes": ResearchInstitute.objects.order_by("name_zh").only(
            "pk", "name_zh", "name_en"
        ),
        "actions": DecisionAction,
    }
    if status.state in ("building", "ready") and status.indexed:
        try:
            matches, dismissed = services.matches_for_need(
                request.user, need, resource_type, _filters(request)
            )
        except services.MatchingError as error:
            context["error"] = str(error)
        else:
            context.update(matches=matches, dismissed=dismissed)
    return render(request, "matching/_need_matches.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    try:
        score = request.POST.get("score")
        services.record_decision(
            request.user,
            need,
            request.POST.get("resource_type", ""),
            request.POST.get("resource_id", ""),
            request.POST.get("action", ""),
            request.POST.get("reason", ""),
            float(score) if score else None,
        )
    except (services.MatchingError, ValueError) as error:
        messages.error(request, str(error) or _("无效的操作。"))
    else:
        messages.success(request, _("已保存。"))
    resource_type = request.POST.get("resource_type", "expert")
    if request.htmx:  # type: ignore[attr-defined]
        # Answer with the refreshed panel, on the tab the decision was taken in.
        query = request.GET.copy()
        query["type"] = resource_type
        request.GET = query  # type: ignore[assignment]
        return need_matches(request, pk)
    return redirect(f"{need.get_absolute_url()}?type={resource_type}#matches")


@login_required
def resource_needs(request: HttpRequest, resource_type: str, pk: int) -> HttpResponse:
    if resource_type == "expert":
        resource: object = get_object_or_404(Expert.objects.select_related("organisation"), pk=pk)
    elif resource_type == "institute":
        resource = get_object_or_404(ResearchInstitute, pk=pk)
    else:
        raise Http404
    index = _started_index()
    status = index.status()
    rows = []
    if status.state in ("building", "ready") and status.indexed:
        audience = NeedAudience.of(request.user)
        for need, score in services.needs_for_resource(request.user, resource_type, pk):
            full = audience.reads(need)
            rows.append((NeedProjection(need, full), services.fit(score)))
    return render(
        request,
        "matching/resource_needs.html",
        {"resource": resource, "resource_type": resource_type, "rows": rows, "status": status},
    )


@login_required
def need_duplicates(request: HttpRequest, pk: int) -> HttpResponse:
    """Needs that read like this one, for triage (only needs the user may see)."""
    need = _need(request, pk)
    if not can_triage(request.user, need):
        raise Http404
    index = _started_index()
    rows = []
    if index.status().indexed:
        audience = NeedAudience.of(request.user)
        for other, score in services.near_duplicates(request.user, need, k=5, index=index):
            full = audience.reads(other)
            rows.append((NeedProjection(other, full), score))
    return render(request, "matching/_duplicates.html", {"rows": rows, "status": index.status()})


def _glossary_rights(request: HttpRequest) -> dict[str, bool]:
    """What ``request.user`` may do on the glossary's pages: the glossary register's own
    rules (who reads it, who imports it) and the model's permissions."""
    if not GLOSSARY.may_view(request):
        raise PermissionDenied
    user = request.user
    return {
        "may_add": user.has_perm(GLOSSARY.add_permission),
        "may_change": user.has_perm(GLOSSARY.change_permission),
        "may_delete": user.has_perm("core.delete_glossaryterm"),
        "may_import": GLOSSARY.may_import(request),
    }


def _saved(request: HttpRequest, form: GlossaryTermForm) -> bool:
    """Write the form's pair through the glossary's write path; False (the error on the
    form) when the write is refused."""
    try:
        glossary.save_term(request.user, form.save(commit=False))
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def glossary_list(request: HttpRequest) -> HttpResponse:
    """The glossary: its pairs (searched, by field), a pair added, import and export."""
    rights = _glossary_rights(request)
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST":
        if not rights["may_add"]:
            raise PermissionDenied
        if form.is_valid() and _saved(request, form):
            messages.success(request, _("已加入术语表：%(term)s") % {"term": form.instance})
            return redirect("matching:glossary")
    search = request.GET.get("q", "").strip()[:100]
    terms = GlossaryTerm.objects.select_related("field")
    if search:
        terms = terms.filter(
            Q(term_zh__icontains=search) | Q(term_en__icontains=search) | Q(note__icontains=search)
        )
    table = GlossaryTable(terms)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "matching/glossary.html",
        {"table": table, "form": form, "search": search, "total": terms.count(), **rights},
    )


@login_required
def glossary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rights = _glossary_rights(request)
    term = get_object_or_404(GlossaryTerm, pk=pk)
    if not rights["may_change"]:
        raise PermissionDenied
    form = GlossaryTermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid() and _saved(request, form):
        messages.success(request, _("已保存术语对：%(term)s") % {"term": term})
        return redirect("matching:glossary")
    return render(request, "matching/glossary_edit.html", {"form": form, "term": term, **rights})


@login_required
@require_POST
def glossary_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rights = _glossary_rights(request)
    term = get_object_or_404(GlossaryTerm, pk=pk)
    if not rights["may_delete"]:
        raise PermissionDenied
    glossary.delete_term(request.user, term)
    messages.success(request, _("已删除术语对：%(term)s") % {"term": term})
    return redirect("matching:glossary")
