"""Home page, health check and the translated error pages."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from techbridge.accounts import security
from techbridge.core import jobs
from techbridge.core.params import FIRST_YEAR, LAST_YEAR, int_param
from techbridge.matching.index import index_lag, process_name
from techbridge.matching.models import DocumentVector
from techbridge.matching.serving import get_index
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.tables import NeedTable
from techbridge.needs.visibility import NeedAudience, visible_needs_for
from techbridge.reports.dashboard import dashboard_data
from techbridge.reports.services import latest_year_with_data

from .search import search_everything
from .workspace import owned_cases, triage_queue, workspace_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each person's home: headquarters (and anyone without a role of their own in the
    network's work) the network dashboard with the triage queue; enterprise users, institute
    staff and experts their workspace (``workspace.py``)."""
    audience = NeedAudience.of(request.user)
    if not audience.is_headquarters and request.GET.get("view") != "network":
        space = workspace_for(request.user)
        if space.roles:
            return render(
                request, "web/workspace.html", {"space": space, "today": timezone.localdate()}
            )
    return network_dashboard(request, audience)


def network_dashboard(request: HttpRequest, audience: NeedAudience) -> HttpResponse:
    year = int_param(request.GET.get("year"), lo=FIRST_YEAR, hi=LAST_YEAR) or (
        latest_year_with_data()
    )
    dashboard = dashboard_data(request.user, year)
    figures = dashboard.pop("figures")
    recent_needs = NeedTable(
        visible_needs_for(TechnologyNeed.objects.all(), audience)
        .select_related("enterprise", "technology_field", "jic")
        .order_by("-submitted_on", "-id")[:8],
        orderable=False,
        exclude=("id", "enterprise"),
        empty_text=_("暂无可见的技术需求。"),
        attrs={**NeedTable.Meta.attrs, "data-testid": "recent-needs"},
    )
    recent_needs.project(audience)
    context = {
        "year": year,
        "dashboard": dashboard,
        "figures": figures,
        "recent_needs": recent_needs,
        "years": list(range(datetime.date.today().year, 2016, -1)),
    }
    if audience.is_headquarters:
        waiting, queue = triage_queue(request.user)
        context.update(triage_waiting=waiting, triage=queue, owned=owned_cases(request.user))
    return render(request, "core/home.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """One keyword across needs, cases, contracts and resources, as the reader may see them."""
    results = search_everything(request.user, request.GET.get("q", ""))
    return render(request, "web/search.html", {"results": results})


def healthz(request: HttpRequest) -> JsonResponse:
    """The database, the job queue's backlog, and how far each serving process's matching
    index lags behind the newest committed change (for a load balancer and for operators)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    index = get_index()
    status = index.status()
    if status.ready:
        index.heartbeat(force=True)
    backlog = jobs.backlog()
    return JsonResponse(
        {
            "status": "ok" if backlog >= 0 else "degraded",
            "database": connection.vendor,
            "queue": {
                "backend": "redis" if settings.QUEUE_URL else "database",
                "backlog": backlog,
                "failed_last_day": jobs.failed_since(timezone.now() - datetime.timedelta(days=1)),
            },
            "matching": {
                "state": status.state,
                "indexed": status.indexed,
                "total": status.total,
                "process": process_name(),
                "processes": index_lag(),
            },
        }
    )


#: Failed job attempts listed on the operations page.
FAILURES_SHOWN = 30


def _operator(request: HttpRequest) -> None:
    """The operations page is for staff accounts (those of the admin site) only: a failed
    job's error may quote any record."""
    if not request.user.is_staff:
        raise PermissionDenied(_("只有系统管理员可以查看系统运行状态。"))


@login_required
def operations(request: HttpRequest) -> HttpResponse:
    """For the operators (staff accounts): each serving process's matching index and its lag,
    the job queue, and the failed job attempts with their errors."""
    _operator(request)
    day_ago = timezone.now() - datetime.timedelta(days=1)
    return render(
        request,
        "web/operations.html",
        {
            "processes": index_lag(),
            "vectors": DocumentVector.objects.count(),
            "queue_backend": "Redis" if settings.QUEUE_URL else _("数据库"),
            "backlog": jobs.backlog(),
            "failed_last_day": jobs.failed_since(day_ago),
            "failures": jobs.recent_failures(FAILURES_SHOWN),
        },
    )


@login_required
@require_POST
def rebuild_index(request: HttpRequest) -> HttpResponse:
    """Queue the encoding of every text without a current vector; the serving processes take
    the new vectors from the change feed as each batch is stored (no restart, no reload)."""
    _operator(request)
    jobs.enqueue("techbridge.matching.jobs.encode_everything", name="index-rebuild")
    messages.success(request, _("已排队：重新编码所有缺少向量的文本。各服务进程会随进度更新索引。"))
    return redirect("operations")


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "errors/400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.user.is_authenticated:
        security.record(security.DENIED, request, reason=str(exception or "")[:300])
    return _error(request, 403, "errors/403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "errors/404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "errors/500.html")
