"""The annual report: headline figures, trends and per-institute tables, as data, PDF and Excel.

Every number comes from the records by query (``services.annual_figures`` and the queries
below); the PDF (reportlab, embedding the Chinese font of ``techbridge.core.pdf``)
and the Excel workbook (openpyxl) are two renderings of the same :class:`AnnualReport`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from techbridge.achievements.models import AchievementTransfer
from techbridge.cooperation.models import CooperationContract
from techbridge.core.pdf import chinese_font
from techbridge.institutes.models import ResearchInstitute, RevenueRecord
from techbridge.talent.models import GraduateStudent
from techbridge.ventures.models import SpinOff

from .services import AnnualFigures, annual_figures_for_years

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def figure_labels() -> list[tuple[str, str, str]]:
    """(key, label, unit) of each headline figure, in the active language."""
    return [
        ("new_institutes", _("新建研究所"), _("家")),
        ("project_managers", _("引进项目经理"), _("名")),
        ("fellows", _("聘任集萃研究员"), _("名")),
        ("spinoffs", _("衍生孵化企业"), _("家")),
        ("revenue_cny", _("研究所总收入"), _("元")),
        ("achievements_transferred", _("转化科技成果"), _("项")),
        ("new_jics", _("新建联合创新中心"), _("家")),
        ("needs", _("凝练技术需求"), _("项")),
        ("planned_investment_cny", _("计划投入"), _("元")),
        ("cooperation_projects", _("技术合作项目"), _("项")),
        ("contract_value_cny", _("合同金额"), _("元")),
        ("overseas_partners", _("新增海外合作伙伴"), _("家")),
        ("major_projects", _("新立重大项目"), _("项")),
        ("major_project_investment_cny", _("重大项目投资"), _("元")),
        ("graduates", _("联合培养研究生"), _("名")),
    ]


@dataclass
class InstituteRow:
    name: str
    revenue_cny: int
    contracts: int
    contract_value_cny: int
    spinoffs: int
    transfers: int
    students: int


#: The figures of a table row, each the per-institute share of a headline figure.
ROW_FIGURES = (
    "revenue_cny",
    "contracts",
    "contract_value_cny",
    "spinoffs",
    "transfers",
    "students",
)


@dataclass
class AnnualReport:
    year: int
    figures: AnnualFigures
    trend_years: list[int] = field(default_factory=list)
    trend_revenue: list[int] = field(default_factory=list)
    trend_spinoffs: list[int] = field(default_factory=list)
    trend_contract_value: list[int] = field(default_factory=list)
    institutes: list[InstituteRow] = field(default_factory=list)
    totals: InstituteRow | None = None
    #: Whether the institutes' revenue for the year is on record (it is reported after the
    #: year closes: until then the report says so instead of showing 0).
    revenue_reported: bool = True

    def rows(self) -> list[InstituteRow]:
        """The table's rows, the total last."""
        return [*self.institutes, *([self.totals] if self.totals else [])]


def _int(value: Decimal | int | None) -> int:
    return int(value or 0)


def build_annual_report(
    year: int, user: AbstractBaseUser | AnonymousUser | None = None, trend_from: int = 2016
) -> AnnualReport:
    # The trend ends with the report's own year: its figures are computed once.
    trend = annual_figures_for_years(range(min(trend_from, year), year + 1), user=user)
    report = AnnualReport(year=year, figures=trend[year])
    for y, f in trend.items():
        report.trend_years.append(y)
        report.trend_revenue.append(f["revenue_cny"])
        report.trend_spinoffs.append(f["spinoffs"])
        report.trend_contract_value.append(f["contract_value_cny"])
    report.revenue_reported = RevenueRecord.objects.filter(year=year).exists()
    revenue = dict(
        RevenueRecord.objects.filter(year=year)
        .values_list("institute")
        .annotate(s=Sum("amount_cny"))
    )
    # The same contracts as the headline's cooperation projects (those of a JIC), so that the
    # table adds up to the headline.
    contracts: dict[int, tuple[int, int]] = {
        contractor: (_int(n), _int(v))
        for contractor, n, v in CooperationContract.objects.filter(
            signed_on__year=year, jic__isnull=False
        )
        .values("contractor")
        .annotate(n=Count("id"), v=Sum("value_cny"))
        .values_list("contractor", "n", "v")
    }
    spinoffs = dict(
        SpinOff.objects.filter(founded_on__year=year)
        .values_list("institute")
        .annotate(n=Count("id"))
    )
    transfers = dict(
        AchievementTransfer.objects.filter(transferred_on__year=year)
        .values_list("achievement__owner")
        .annotate(n=Count("achievement", distinct=True))
    )
    students = dict(
        GraduateStudent.objects.filter(enrolled_on__year=year)
        .values_list("institute")
        .annotate(n=Count("id"))
    )
    listed = list(ResearchInstitute.objects.filter(joined_on__year__lte=year).order_by("name_zh"))
    for inst in listed:
        signed, value = contracts.get(inst.pk, (0, 0))
        report.institutes.append(
            InstituteRow(
                name=inst.name,
                revenue_cny=_int(revenue.get(inst.pk)),
                contracts=signed,
                contract_value_cny=value,
                spinoffs=_int(spinoffs.get(inst.pk)),
                transfers=_int(transfers.get(inst.pk)),
                students=_int(students.get(inst.pk)),
            )
        )
    report.institutes.sort(key=lambda r: -r.revenue_cny)
    # What the headline counts but no listed institute holds (a spin-off or a transfer of a
    # university, an institute that joined later): its own row, so the table adds up.
    pks = {inst.pk for inst in listed}

    def rest(counts: dict[Any, Any], pick: Any = lambda v: v) -> int:
        return sum(_int(pick(v)) for k, v in counts.items() if k not in pks)

    other = InstituteRow(
        name=str(_("其他（不属于所列研究所）")),
        revenue_cny=rest(revenue),
        contracts=rest(contracts, lambda v: v[0]),
        contract_value_cny=rest(contracts, lambda v: v[1]),
        spinoffs=rest(spinoffs),
        transfers=rest(transfers),
        students=rest(students),
    )
    if any(getattr(other, f) for f in ROW_FIGURES):
        report.institutes.append(other)
    report.totals = InstituteRow(
        name=str(_("合计")),
        **{f: sum(getattr(r, f) for r in report.institutes) for f in ROW_FIGURES},
    )
    return report


def institute_headers() -> list[str]:
    return [
        _("研究所"),
        _("收入（元）"),
        _("联合创新中心合作项目"),
        _("合同金额（元）"),
        _("衍生企业"),
        _("转化成果"),
        _("新招研究生"),
    ]


def _row(r: InstituteRow) -> list[str | int]:
    return [
        r.name,
        r.revenue_cny,
        r.contracts,
        r.contract_value_cny,
        r.spinoffs,
        r.transfers,
        r.students,
    ]


def render_xlsx(report: AnnualReport, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    with translation.override(language):
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = _("主要指标")
        sheet.append([_("%(year)s 年度报告") % {"year": report.year}])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([_("指标"), _("数值"), _("单位"), "key"])
        for key, label, unit in figure_labels():
            sheet.append([label, report.figures[key], unit, key])  # type: ignore[literal-required]
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 18
        trend = book.create_sheet(_("趋势"))
        trend.append([_("年度"), _("研究所总收入"), _("衍生孵化企业"), _("合同金额")])
        for i, y in enumerate(report.trend_years):
            trend.append(
                [
                    y,
                    report.trend_revenue[i],
                    report.trend_spinoffs[i],
                    report.trend_contract_value[i],
                ]
            )
        chart = BarChart()
        chart.title = _("研究所总收入")
        chart.add_data(
            Reference(trend, min_col=2, min_row=1, max_row=len(report.trend_years) + 1),
            titles_from_data=True,
        )
        chart.set_categories(
            Reference(trend, min_col=1, min_row=2, max_row=len(report.trend_years) + 1)
        )
        trend.add_chart(chart, "F2")
        inst = book.create_sheet(_("研究所"))
        inst.append(institute_headers())
        for r in report.rows():
            inst.append(_row(r))
        inst.column_dimensions["A"].width = 36
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def render_pdf(report: AnnualReport, language: str) -> bytes:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = chinese_font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f0fe")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ]
    )
    with translation.override(language):
        story: list[object] = [
            Paragraph(_("%(year)s 年度报告") % {"year": report.year}, styles["Title"]),
            Paragraph(_("主要指标（均由平台记录计算）"), styles["Heading2"]),
        ]
        rows: list[list[object]] = [[_("指标"), _("数值"), _("单位")]]
        for key, label, unit in figure_labels():
            rows.append([label, f"{report.figures[key]:,}", unit])  # type: ignore[literal-required]
        story += [Table(rows, colWidths=[70 * mm, 45 * mm, 20 * mm], style=grid), Spacer(1, 6 * mm)]
        story.append(Paragraph(_("研究所总收入（亿元）"), styles["Heading2"]))
        drawing = Drawing(160 * mm, 60 * mm)
        bars = VerticalBarChart()
        bars.x, bars.y, bars.width, bars.height = 15 * mm, 10 * mm, 135 * mm, 45 * mm
        bars.data = [[v / 1e8 for v in report.trend_revenue]]
        bars.categoryAxis.categoryNames = [str(y) for y in report.trend_years]
        bars.categoryAxis.labels.fontName = font
        bars.valueAxis.labels.fontName = font
        bars.bars[0].fillColor = colors.HexColor("#206bc4")
        drawing.add(bars)
        story += [drawing, Spacer(1, 4 * mm)]
        story.append(Paragraph(_("各研究所"), styles["Heading2"]))
        inst_rows: list[list[object]] = [list(institute_headers())]
        inst_rows += [
            [
                r.name,
                f"{r.revenue_cny:,}",
                r.contracts,
                f"{r.contract_value_cny:,}",
                r.spinoffs,
                r.transfers,
                r.students,
            ]
            for r in report.rows()
        ]
        story.append(Table(inst_rows, repeatRows=1, style=grid))
        out = io.BytesIO()
        SimpleDocTemplate(
            out, pagesize=A4, title=_("%(year)s 年度报告") % {"year": report.year}
        ).build(story)
        return out.getvalue()
