"""The gap report as an Excel workbook (one row per key technology, gaps first)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _

from techbridge.core.pdf import chinese_font

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
    # openpyxl (some 17 MB) loads with a first workbook, not with every web process.
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

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


def gap_pdf(report: ChainGapReport) -> bytes:
    """The same table as the workbook, on A4 landscape (the Chinese font embedded)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = chinese_font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
    title = _("%(chain)s 缺口分析") % {"chain": report.chain.name}
    if report.year:
        title += f" · {report.year}"
    rows: list[list[object]] = [list(gap_headers())]
    for row in gap_rows(report):
        row[3] = f"{row[3]:,.0f}"
        rows.append(row)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f0fe")),
        ("ALIGN", (2, 1), (-2, -1), "RIGHT"),
    ]
    for i, tech in enumerate(report.ranked(), start=1):
        colour = FILLS.get(Coverage(tech.coverage))
        if colour:
            style.append(("BACKGROUND", (-1, i), (-1, i), colors.HexColor(f"#{colour}")))
    out = BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4), title=title).build(
        [Paragraph(title, styles["Title"]), Table(rows, repeatRows=1, style=TableStyle(style))]
    )
    return out.getvalue()
