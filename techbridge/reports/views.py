"""The annual report as a page; its PDF and Excel files are rendered by a job
(:mod:`techbridge.reports.jobs`) and downloaded from the page once ready."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from techbridge.core.permissions import is_network_staff

from .annual import build_annual_report, figure_labels, institute_headers
from .choices import PENDING_STATES, ReportFileState, ReportFormat
from .jobs import request_annual_file
from .models import ReportFile

#: How many of the requester's files of a year the page lists.
RECENT_FILES = 8


def _year(value: int) -> int:
    if not 2000 <= value <= 2100:
        raise Http404
    return value


@login_required
def annual(request: HttpRequest, year: int) -> HttpResponse:
    if not is_network_staff(request.user):
        messages.error(request, _("只有网络工作人员可以查看年度报告。"))
        return redirect("home")
    report = build_annual_report(_year(year), user=request.user)
    chart = {
        "years": report.trend_years,
        "revenue": [round(v / 1e8, 2) for v in report.trend_revenue],
        "spinoffs": report.trend_spinoffs,
        "contract_value": [round(v / 1e8, 2) for v in report.trend_contract_value],
        "labels": {
            "revenue": _("研究所总收入（亿元）"),
            "spinoffs": _("衍生孵化企业"),
            "contract_value": _("合同金额（亿元）"),
        },
    }
    return render(
        request,
        "reports/annual.html",
        {
            "report": report,
            "figures": [
                (key, label, unit, report.figures[key])  # type: ignore[literal-required]
                for key, label, unit in figure_labels()
            ],
            "headers": institute_headers(),
            "chart": chart,
            "years": list(range(2016, 2022)),
            **_files_context(request, report.year),
        },
    )


def _files_context(request: HttpRequest, year: int) -> dict[str, Any]:
    files = list(ReportFile.objects.of(request.user).filter(year=year)[:RECENT_FILES])
    return {
        "year": year,
        "report_files": files,
        "pending": any(f.state in PENDING_STATES for f in files),
    }


@login_required
@require_POST
def annual_request(request: HttpRequest, year: int) -> HttpResponse:
    """Queue the year's report as a PDF or Excel file (form field ``fmt``)."""
    if not request.user.is_authenticated or not is_network_staff(request.user):
        raise Http404
    fmt = request.POST.get("fmt", "")
    if fmt not in ReportFormat.values:
        raise Http404
    request_annual_file(
        request.user,
        _year(year),
        fmt,
        translation.get_language() or settings.LANGUAGE_CODE,
    )
    messages.info(request, _("正在生成文件，完成后可在“生成的文件”中下载。"))
    return redirect("reports:annual", year=year)


@login_required
@require_GET
def annual_files(request: HttpRequest, year: int) -> HttpResponse:
    """The requester's files of the year (the page polls this while one is being made)."""
    if not is_network_staff(request.user):
        raise Http404
    return render(request, "reports/_report_files.html", _files_context(request, _year(year)))


@login_required
@require_GET
def annual_file(request: HttpRequest, pk: int) -> FileResponse:
    """A finished file, served to its requester only (never from a public URL)."""
    report_file = get_object_or_404(
        ReportFile.objects.of(request.user), pk=pk, state=ReportFileState.DONE
    )
    try:
        body = report_file.file.open("rb")
    except (FileNotFoundError, ValueError):  # removed from storage since
        raise Http404 from None
    return FileResponse(
        body,
        as_attachment=True,
        filename=report_file.download_name,
        content_type=report_file.content_type,
    )
