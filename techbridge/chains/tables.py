"""The industry chains' tables (django-tables2): the list, sortable and paged, and a chain's
key technologies ranked by their gap."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import CountColumn, DetailTable, ListTable

from .models import IndustryChain
from .services import TechnologyGap


class ChainTable(ListTable):
    name = tables.Column(verbose_name=_("技术链"), accessor="pk", order_by=("code",))
    industry = tables.Column(verbose_name=_("行业"), order_by=("industry__code",), default="—")
    link_count = CountColumn(verbose_name=_("环节"))
    technology_count = CountColumn(verbose_name=_("关键技术"))

    class Meta(ListTable.Meta):
        model = IndustryChain
        fields = ()
        attrs = {**ListTable.Meta.attrs, "data-testid": "chain-table"}
        empty_text = _("暂无技术链。")

    def render_name(self, record: IndustryChain) -> SafeString:
        return format_html(
            '<a href="{}">{}</a><div class="text-secondary small">{}</div>',
            reverse("chains:detail", args=[record.pk]),
            record.name,
            Truncator(record.description).chars(80),
        )


class GapTable(DetailTable):
    """A chain's key technologies, most uncovered demand first (the order the report ranks)."""

    link = tables.Column(verbose_name=_("环节"), accessor="link__name")
    technology = tables.Column(verbose_name=_("关键技术"), accessor="technology__name")
    demand_count = CountColumn(verbose_name=_("需求数"))
    demand_budget_cny = CountColumn(verbose_name=_("需求预算上限合计（元）"))
    institutes = CountColumn(verbose_name=_("研究所"))
    experts = CountColumn(verbose_name=_("专家"))
    achievements = CountColumn(verbose_name=_("科技成果"))
    contracts = CountColumn(verbose_name=_("合同"))
    flags = tables.Column(verbose_name=_("风险标记"), accessor="flag_labels", empty_values=())

    class Meta(DetailTable.Meta):
        attrs = {"class": "table card-table table-vcenter", "data-testid": "gap-table"}
        row_attrs = {"data-coverage": lambda record: record.coverage}
        empty_text = _("这条技术链还没有关键技术。")

    def __init__(self, *args: object, year: int | None, **kwargs: object) -> None:
        self.year = year
        super().__init__(*args, **kwargs)

    def render_technology(self, value: str, record: TechnologyGap) -> SafeString:
        url = reverse("chains:technology", args=[record.technology.pk])
        if self.year:
            url += f"?year={self.year}"
        return format_html('<a href="{}">{}</a>', url, value)

    def render_flags(self, value: list[str], record: TechnologyGap) -> SafeString:
        colour = "red" if record.demand_without_supply else "orange"
        return format_html_join(
            "", '<span class="badge bg-{}-lt me-1">{}</span>', ((colour, v) for v in value)
        )
