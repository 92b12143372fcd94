"""The annual report as a page, a PDF and an Excel workbook."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from techbridge.core.permissions import is_network_staff

from .annual import build_annual_report, figure_labels, institute_headers, render_pdf, render_xlsx

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
        },
    )


@login_required
def annual_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    if not is_network_staff(request.user):
        raise Http404
    report = build_annual_report(_year(year), user=request.user)
    language = translation.get_language() or "zh-hans"
    body = render_pdf(report, language) if fmt == "pdf" else render_xlsx(report, language)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.{fmt}"'
    return response
