"""The gap report as an Excel workbook (one row per key technology, gaps first)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from .choices import Coverage
from .services import ChainGapReport

FILLS = {
    Coverage.GAP: "F8D7DA",
    Coverage.FRAGILE: "FFE5B4",
    Coverage.COVERED: "D1E7DD",
}


def gap_headers() -> list[str]:
    return [
        _("环节"),
        _("关键技术"),
        _("需求数"),
        _("需求预算上限合计（元）"),
        _("研究所"),
        _("专家"),
        _("科技成果"),
        _("合同"),
        _("海外合作伙伴"),
        _("供给合计"),
        _("风险标记"),
    ]


def gap_rows(report: ChainGapReport) -> list[list[object]]:
    return [
        [
            t.link.name,
            t.technology.name,
            t.demand_count,
            float(t.demand_budget_cny),
            t.institutes,
            t.experts,
            t.achievements,
            t.contracts,
            t.partners,
            t.supply_count,
            "、".join(t.flag_labels()),
        ]
        for t in report.ranked()
    ]


def gap_workbook(report: ChainGapReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("缺口分析")[:31]
    ws.append(gap_headers())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row, tech in zip(gap_rows(report), report.ranked(), strict=True):
        ws.append(row)
        colour = FILLS.get(Coverage(tech.coverage))
        if colour:
            ws.cell(ws.max_row, 11).fill = PatternFill("solid", fgColor=colour)
    ws.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJK", (14, 28, 8, 20, 8, 8, 10, 8, 12, 10, 30), strict=True):
        ws.column_dimensions[column].width = width
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
