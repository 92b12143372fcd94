"""The ventures' tables (django-tables2): the portfolio's holdings, every column sortable and
rows paged, and a spin-off's rounds with their totals."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from techbridge.core.formats import grouped
from techbridge.core.tables import RIGHT, CountColumn, DateColumn, DetailTable, ListTable

from .services import Holding, RoundSummary


def _right(col: str) -> dict[str, Any]:
    return {"th": RIGHT["th"], "td": {**RIGHT["td"], "data-col": col}}


class HoldingTable(ListTable):
    spinoff = tables.Column(
        verbose_name=_("衍生企业"),
        order_by=("spinoff__name_zh",),
        linkify=lambda record: reverse("ventures:spinoff", args=[record.spinoff.pk]),
    )
    institute = tables.Column(
        verbose_name=_("孵化研究所"),
        accessor="spinoff__institute",
        order_by=("spinoff__institute__name_zh",),
    )
    status = tables.Column(
        verbose_name=_("状态"), accessor="spinoff__status", order_by=("spinoff__status",)
    )
    institute_equity = tables.Column(
        verbose_name=_("研究所持股"), accessor="spinoff__institute_equity_pct", attrs=RIGHT
    )
    network_equity = tables.Column(
        verbose_name=_("网络持股"), accessor="spinoff__network_equity_pct", attrs=RIGHT
    )
    valuation = tables.Column(verbose_name=_("最新投后估值（元）"), attrs=_right("valuation"))
    institute_value = CountColumn(
        verbose_name=_("研究所持股价值（元）"), attrs=_right("institute-value")
    )
    network_value = CountColumn(verbose_name=_("网络持股价值（元）"), attrs=_right("network-value"))
    change_since_previous_round = CountColumn(
        verbose_name=_("较上一轮变化（元）"), attrs=_right("change-round")
    )
    change_since_year_start = CountColumn(
        verbose_name=_("本年以来变化（元）"), attrs=_right("change-year")
    )

    class Meta(ListTable.Meta):
        attrs = {**ListTable.Meta.attrs, "class": "table card-table table-vcenter table-sm"}
        attrs["data-testid"] = "holdings-table"
        row_attrs = {"data-testid": "holding", "data-spinoff": lambda record: record.spinoff.pk}
        empty_text = _("没有符合条件的衍生企业。")

    def render_status(self, record: Holding) -> SafeString:
        badge = "bg-secondary-lt" if record.exited else "bg-green-lt"
        return format_html(
            '<span class="badge {}">{}</span>', badge, record.spinoff.get_status_display()
        )

    def render_institute_equity(self, value: Any) -> str:
        return f"{value}%"

    def render_network_equity(self, value: Any) -> str:
        return f"{value}%"

    def render_valuation(self, record: Holding) -> SafeString | str:
        if record.latest_round:
            return grouped(record.valuation)
        if record.exited:
            return "—"
        return format_html(
            '<span class="text-secondary" title="{}">{}</span>',
            _("尚无融资，按注册资本"),
            grouped(record.valuation),
        )


def _total(field: str) -> Any:
    """A footer cell: the summary's total of ``field``, once the spin-off has rounds."""

    def footer(table: RoundTable) -> str:
        return grouped(getattr(table.summary, field)) if table.summary.lines else ""

    return footer


class RoundTable(DetailTable):
    kind = tables.Column(
        verbose_name=_("轮次"),
        accessor="round__get_kind_display",
        footer=lambda table: _("合计") if table.summary.lines else "",
    )
    closed_on = DateColumn(verbose_name=_("交割日期"), accessor="round__closed_on")
    investors = tables.Column(verbose_name=_("投资方"), accessor="round__investors")
    grant = CountColumn(
        verbose_name=_("拨款（元）"), accessor="round__grant_cny", footer=_total("grant_cny")
    )
    equity_cny = CountColumn(verbose_name=_("股权投资（元）"), footer=_total("equity_cny"))
    amount = CountColumn(
        verbose_name=_("拨投合计（元）"), accessor="round__amount_cny", footer=_total("total_cny")
    )
    post_money = CountColumn(
        verbose_name=_("投后估值（元）"), accessor="round__post_money_valuation_cny"
    )
    valuation_change_cny = CountColumn(verbose_name=_("估值变化（元）"))
    institute_stake_value_cny = CountColumn(verbose_name=_("研究所持股价值（元）"))
    network_stake_value_cny = CountColumn(verbose_name=_("网络持股价值（元）"))

    class Meta(DetailTable.Meta):
        attrs: dict[str, Any] = {
            **DetailTable.Meta.attrs,
            "data-testid": "rounds-table",
            "tfoot": {"class": "fw-bold", "data-testid": "rounds-total"},
        }
        row_attrs = {"data-testid": "round"}
        empty_text = _("尚无融资轮次。")

    def __init__(self, summary: RoundSummary, **kwargs: Any) -> None:
        self.summary = summary
        super().__init__(summary.lines, **kwargs)
