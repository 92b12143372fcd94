"""The import pages: upload and runs, a run's report, the review queue of author links, and an
expert's works by source. Headquarters staff see everything; institute staff their institute's
experts and imports; nobody else gets in (``visibility.ImportAudience``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from techbridge.core.keywords import split_keywords
from techbridge.organisations.models import Organisation
from techbridge.people.models import Expert

from . import errors, online, services
from .choices import ImportStatus, LinkStatus
from .forms import FORMAT_LABELS, ImportForm, NewExpertForm
from .linking import expert_subjects, named_subjects
from .models import AuthorLink, DocumentSource, ImportRun
from .tables import ImportRunTable
from .visibility import ImportAudience

REVIEW_PAGE = 50


def _audience(request: HttpRequest) -> ImportAudience:
    audience = ImportAudience.of(request.user)
    if not audience.may_import:
        raise PermissionDenied
    return audience


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    """Upload a file (format detected or chosen, mode), and the imports so far."""
    audience = _audience(request)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        formats=services.available_formats(),
        institutes=Organisation.objects.filter(pk__in=audience.institute_ids).order_by("pk")
        if not audience.is_headquarters
        else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        institute = form.cleaned_data.get("institute")
        run = services.create_run(
            user=request.user,
            file_name=upload.name,
            content=upload,
            source_format=form.cleaned_data["source_format"],
            mode=form.cleaned_data["mode"],
            organisation_id=audience.scope_organisation_id(institute.pk if institute else None),
        )
        return redirect("publications:run", run.pk)
    table = ImportRunTable(audience.runs().select_related("created_by").order_by("-created_at"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "publications/runs.html",
        {
            "form": form,
            "table": table,
            "pending": audience.links().filter(status=LinkStatus.PENDING).count(),
        },
    )


def _run(request: HttpRequest, pk: int) -> ImportRun:
    return get_object_or_404(_audience(request).runs(), pk=pk)


def _report(run: ImportRun) -> dict[str, Any]:
    done, total = services.progress(run)
    return {
        "run": run,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "active": run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "error_rows": [
            {**error, "message": errors.message(error, run.file_name)} for error in run.errors
        ],
        "format_label": FORMAT_LABELS.get(run.source_format, run.source_format),
    }


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    context = _report(run)
    context["pending_links"] = run.author_links.filter(status=LinkStatus.PENDING).select_related(
        "work", "expert"
    )[:20]
    return render(request, "publications/run.html", context)


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The report card alone (htmx polls it while the import runs)."""
    return render(request, "publications/_report.html", _report(_run(request, pk)))


@login_required
@require_POST
def run_undo(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        messages.error(request, _("导入尚未结束，不能撤销。"))
    else:
        removed = services.undo_run(run, request.user)
        messages.success(
            request,
            _("已撤销导入：删除 %(documents)d 篇专家成果文档、%(links)d 个作者关联。") % removed,
        )
    return redirect("publications:run", run.pk)


# -- the review queue ------------------------------------------------------------------------


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """Pending author links, each with its record, the proposed expert and the others."""
    audience = _audience(request)
    pending = (
        audience.links()
        .filter(status=LinkStatus.PENDING)
        .select_related("work", "expert__organisation", "run")
        .order_by("-confidence", "pk")
    )
    page = Paginator(pending, REVIEW_PAGE).get_page(request.GET.get("page"))
    links = list(page.object_list)
    other_ids = {c["expert"] for link in links for c in link.candidates}
    others = {
        e.pk: e for e in audience.experts().filter(pk__in=other_ids).select_related("organisation")
    }
    for link in links:
        link.other_candidates = [  # type: ignore[attr-defined]
            {**c, "expert_obj": others[c["expert"]]}
            for c in link.candidates
            if c["expert"] in others
        ]
    # The subjects a link on the expert's subjects rests on, named for the reviewer.
    topical = [link for link in links if "topics" in link.reasons]
    subjects = expert_subjects({link.expert_id for link in topical if link.expert_id})
    for link in topical:
        link.subjects = named_subjects(  # type: ignore[attr-defined]
            subjects.get(link.expert_id or 0, ()),
            link.work.title,
            split_keywords(link.work.keywords),
        )
    return render(
        request,
        "publications/review.html",
        {
            "links": links,
            "page": page,
            "total": page.paginator.count,
            "new_expert_form": NewExpertForm(organisations=_organisations(audience)),
        },
    )


def _organisations(audience: ImportAudience) -> Any:
    if audience.is_headquarters:
        return Organisation.objects.order_by("name_zh")
    return Organisation.objects.filter(pk__in=audience.institute_ids).order_by("name_zh")


def _link(request: HttpRequest, audience: ImportAudience, pk: int) -> AuthorLink:
    return get_object_or_404(audience.links().select_related("work"), pk=pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, reject, or assign the link to another expert (``action``, ``expert``)."""
    audience = _audience(request)
    link = _link(request, audience, pk)
    action = request.POST.get("action", "")
    if action == "accept":
        services.accept_link(link, request.user)
        messages.success(request, _("已确认作者关联。"))
    elif action == "reject":
        services.reject_link(link, request.user)
        messages.success(request, _("已拒绝作者关联。"))
    elif action == "assign":
        expert_id = request.POST.get("expert", "")
        expert = audience.experts().filter(pk=expert_id).first() if expert_id.isdigit() else None
        if expert is None:
            messages.error(request, _("请选择一位专家。"))
        else:
            try:
                services.assign_link(link, expert, request.user)
            except ValueError:
                messages.error(request, _("该专家已关联到这篇作品。"))
            else:
                messages.success(request, _("已将作者关联到 %(name)s。") % {"name": expert})
    else:
        raise Http404
    return redirect(request.POST.get("next") or "publications:review")


@login_required
@require_POST
def new_expert(request: HttpRequest, pk: int) -> HttpResponse:
    """A new expert made from the author as written, and the link accepted for them."""
    audience = _audience(request)
    link = _link(request, audience, pk)
    form = NewExpertForm(request.POST, organisations=_organisations(audience))
    if not form.is_valid():
        messages.error(request, _("请选择机构和职称。"))
        return redirect("publications:review")
    expert = services.create_expert_from_link(
        link,
        request.user,
        organisation_id=form.cleaned_data["organisation"].pk,
        title=form.cleaned_data["title"],
    )
    messages.success(request, _("已新建专家 %(name)s。") % {"name": expert})
    return redirect("publications:review")


@login_required
def expert_search(request: HttpRequest) -> HttpResponse:
    """Options of experts whose name matches ``q`` (htmx fills the assign form's list)."""
    audience = _audience(request)
    query = request.GET.get("q", "").strip()
    experts = (
        audience.experts()
        .filter(Q(name_zh__icontains=query) | Q(name_en__icontains=query))
        .select_related("organisation")[:20]
        if query
        else Expert.objects.none()
    )
    return render(request, "publications/_expert_options.html", {"experts": experts})


# -- an expert's works ----------------------------------------------------------------------


@login_required
def expert_works(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert's profile documents grouped by where they came from, with their links."""
    audience = _audience(request)
    expert = get_object_or_404(audience.experts().select_related("organisation"), pk=pk)
    documents = list(expert.documents.order_by("-year", "title"))
    keys = {d.work_key for d in documents if d.work_key}
    sources: dict[str, list[DocumentSource]] = defaultdict(list)
    for source in DocumentSource.objects.filter(work__key__in=keys).select_related("work"):
        sources[source.work.key].append(source)
    groups: dict[str, list[Any]] = defaultdict(list)
    for document in documents:
        formats = sorted({s.source_format for s in sources.get(document.work_key, ())})
        document.sources = sources.get(document.work_key, [])  # type: ignore[attr-defined]
        label = " + ".join(str(FORMAT_LABELS.get(f, f)) for f in formats) or _("手工录入")
        groups[label].append(document)
    return render(
        request,
        "publications/expert.html",
        {
            "expert": expert,
            "groups": sorted(groups.items()),
            "online": online.enabled(),
        },
    )


@login_required
@require_POST
def expert_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    if not online.enabled():
        raise Http404
    audience = _audience(request)
    expert = get_object_or_404(audience.experts(), pk=pk)
    if not (expert.orcid or expert.openalex_id):
        messages.error(request, _("该专家没有 ORCID iD 或 OpenAlex 编号。"))
    else:
        online.request_refresh(expert, request.user)
        messages.success(request, _("已开始从 ORCID/OpenAlex 更新，完成后见导入记录。"))
    return redirect("publications:expert", expert.pk)
