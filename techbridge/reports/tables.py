"""The institutes' list with a year's main figures, as a django-tables2 table: sortable by
any figure."""

from __future__ import annotations

from dataclasses import dataclass

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import AmountColumn, CountColumn, ListTable


@dataclass(frozen=True)
class InstituteRow:
    """One institute's line: its name, link and the year's figures."""

    pk: int
    name: str
    url: str
    business_unit: str
    revenue_cny: int
    contracts_signed: int | None
    contract_value_cny: int | None
    spinoffs: int | None
    headcount: int | None


class InstituteYearTable(ListTable):
    name = tables.Column(verbose_name=_("研究所"))
    business_unit = tables.Column(
        verbose_name=_("专业事业部"), attrs={"td": {"class": "text-secondary"}}
    )
    revenue_cny = AmountColumn(verbose_name=_("总收入"))
    contracts_signed = CountColumn(verbose_name=_("签订技术合同"))
    contract_value_cny = AmountColumn(verbose_name=_("技术合同金额"))
    spinoffs = CountColumn(verbose_name=_("衍生孵化企业"))
    headcount = CountColumn(verbose_name=_("员工人数"))

    class Meta(ListTable.Meta):
        attrs = {**ListTable.Meta.attrs, "data-testid": "institutes"}
        row_attrs = {"data-institute": lambda record: record.pk}
        empty_text = _("暂无研究所。")

    def render_name(self, record: InstituteRow) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.url, record.name)
