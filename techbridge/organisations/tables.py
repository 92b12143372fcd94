"""The overseas partners' tables (django-tables2): the list, sortable and paged, and a
partner's agreements, joint projects and the experts reached through it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import CountColumn, DateColumn, DetailTable, ListTable

from . import services
from .models import JointProject, OverseasPartner, PartnershipAgreement


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


class AgreementTable(DetailTable):
    title = tables.Column(verbose_name=_("协议名称"))
    scope = tables.Column(verbose_name=_("合作范围"))
    signed_on = DateColumn(verbose_name=_("签署日期"))
    valid_from = DateColumn(verbose_name=_("生效日期"))
    valid_until = DateColumn(verbose_name=_("到期日期"))
    status = tables.Column(verbose_name=_("状态"), accessor="pk", empty_values=())

    class Meta(DetailTable.Meta):
        model = PartnershipAgreement
        fields = ()
        attrs = {**DetailTable.Meta.attrs, "data-testid": "agreements-table"}
        row_attrs = {
            "data-testid": "agreement",
            "data-active": lambda table, record: "1" if table.is_active(record) else "0",
        }
        empty_text = _("暂无协议。")

    def __init__(self, *args: Any, day: dt.date, **kwargs: Any) -> None:
        self.day = day
        super().__init__(*args, **kwargs)

    def is_active(self, agreement: PartnershipAgreement) -> bool:
        return services.is_active(agreement, self.day)

    def render_status(self, record: PartnershipAgreement) -> SafeString:
        if self.is_active(record):
            return format_html('<span class="badge bg-green-lt">{}</span>', _("有效"))
        return format_html('<span class="badge bg-secondary-lt">{}</span>', _("已到期"))


class JointProjectTable(DetailTable):
    name = tables.Column(verbose_name=_("项目"), accessor="pk")
    institute = tables.Column(verbose_name=_("合作研究所"))
    started_on = DateColumn(verbose_name=_("开始日期"))
    ended_on = DateColumn(verbose_name=_("结束日期"))
    budget_cny = CountColumn(verbose_name=_("预算（元）"))
    experts = tables.Column(verbose_name=_("参与专家"), accessor="pk")

    class Meta(DetailTable.Meta):
        model = JointProject
        fields = ()
        attrs = {**DetailTable.Meta.attrs, "data-testid": "projects-table"}
        row_attrs = {"data-testid": "joint-project"}
        empty_text = _("暂无合作项目。")

    def render_name(self, record: JointProject) -> str:
        return str(record)

    def render_experts(self, record: JointProject) -> str:
        return "、".join(str(e) for e in record.experts.all())


#: How an expert was reached through a partner, as the page names it.
WAYS = {
    "employed": _("在该伙伴任职"),
    "affiliated": _("任职经历"),
    "joint_project": _("合作项目"),
}


class ReachedExpertTable(DetailTable):
    expert = tables.Column(verbose_name=_("专家"))
    organisation = tables.Column(verbose_name=_("现任职机构"), accessor="expert__organisation")
    title = tables.Column(verbose_name=_("职称"), accessor="expert__get_title_display")
    ways = tables.Column(verbose_name=_("联系途径"))

    class Meta(DetailTable.Meta):
        attrs = {**DetailTable.Meta.attrs, "data-testid": "experts-table"}
        row_attrs = {
            "data-testid": "reached-expert",
            "data-expert": lambda record: record.expert.pk,
        }
        empty_text = _("暂无。")

    def render_ways(self, value: list[str]) -> SafeString:
        return format_html_join(
            "",
            '<span class="badge bg-blue-lt me-1" data-way="{}">{}</span>',
            ((way, WAYS[way]) for way in value),
        )
