"""The overseas partners' list as a django-tables2 table: sortable, paged."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import CountColumn, ListTable

from .models import OverseasPartner


class PartnerTable(ListTable):
    name = tables.Column(
        verbose_name=_("合作伙伴"),
        accessor="pk",
        order_by=("name_zh",),
        linkify=("organisations:partner", {"pk": tables.A("pk")}),
    )
    country = tables.Column(verbose_name=_("国家/地区"))
    partner_type = tables.Column(verbose_name=_("合作伙伴类型"))
    parent_name = tables.Column(
        verbose_name=_("所属大学或集团"), order_by=("parent_name", "department")
    )
    n_agreements = CountColumn(verbose_name=_("协议"))
    n_active = CountColumn(verbose_name=_("有效协议"))
    n_projects = CountColumn(verbose_name=_("合作项目"))
    n_experts = CountColumn(verbose_name=_("在职专家"))

    class Meta(ListTable.Meta):
        model = OverseasPartner
        fields = ()
        attrs = {**ListTable.Meta.attrs, "data-testid": "partners-table"}
        row_attrs = {"data-testid": "partner", "data-partner": lambda record: record.pk}
        empty_text = _("没有符合条件的合作伙伴。")

    def render_name(self, record: OverseasPartner) -> str:
        return str(record)

    def render_parent_name(self, record: OverseasPartner) -> str:
        return " · ".join(part for part in (record.parent_name, record.department) if part)
