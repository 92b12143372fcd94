"""The contract list as a django-tables2 table: sortable, paged, overdue contracts marked."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import AmountColumn, CountColumn, DateColumn, ListTable
from techbridge.jics.models import JointInnovationCenter

from .models import CooperationCase, CooperationContract


class ContractTable(ListTable):
    contract_number = tables.Column(
        verbose_name=_("合同编号"), linkify=("cooperation:contract", {"pk": tables.A("pk")})
    )
    title = tables.Column(verbose_name=_("项目名称"))
    client = tables.Column(verbose_name=_("委托方"), order_by=("client__name_zh",))
    contractor = tables.Column(verbose_name=_("承担研究所"), order_by=("contractor__name_zh",))
    value_cny = tables.Column(
        verbose_name=_("合同金额（元）"),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    signed_on = tables.DateColumn(verbose_name=_("签订日期"), format="Y-m-d")
    has_overdue = tables.Column(verbose_name="", orderable=False)

    class Meta(ListTable.Meta):
        model = CooperationContract
        fields = (
            "contract_number",
            "title",
            "client",
            "contractor",
            "value_cny",
            "signed_on",
            "has_overdue",
        )
        attrs = {"class": "table card-table table-vcenter", "data-testid": "contract-table"}
        row_attrs = {"class": lambda record: "table-danger" if record.has_overdue else ""}
        template_name = "django_tables2/bootstrap5.html"
        empty_text = _("暂无合同。")

    def render_title(self, record: CooperationContract) -> str:
        title = record.title_label
        return title if len(title) <= 40 else title[:39] + "…"

    def render_value_cny(self, value: Any) -> str:
        return f"{int(value or 0):,}"

    def render_has_overdue(self, value: bool) -> str:
        if not value:
            return ""
        return format_html(
            '<span class="badge bg-danger" data-testid="overdue">{}</span>', _("里程碑逾期")
        )


class JicTable(ListTable):
    name = tables.Column(verbose_name=_("联合创新中心"), accessor="pk", order_by=("name_zh",))
    established_on = DateColumn(verbose_name=_("成立日期"))
    planned_investment_cny = AmountColumn(verbose_name=_("计划投入"))
    committed_investment_cny = AmountColumn(verbose_name=_("已承诺"))
    spent_investment_cny = AmountColumn(verbose_name=_("已投入"))
    needs_count = CountColumn(verbose_name=_("需求"))
    projects = CountColumn(verbose_name=_("项目"))
    contract_value = AmountColumn(verbose_name=_("合同金额"))

    class Meta(ListTable.Meta):
        model = JointInnovationCenter
        fields = ()
        attrs = {**ListTable.Meta.attrs, "data-testid": "jic-table"}
        empty_text = _("暂无联合创新中心。")

    def render_name(self, record: JointInnovationCenter) -> SafeString:
        return format_html(
            '{}<div class="text-secondary small">{} · {}</div>',
            record.name,
            record.enterprise,
            record.institute,
        )


class CaseTable(ListTable):
    """The pipeline as a list: the cases its reader takes part in, longest in their stage last."""

    need = tables.Column(verbose_name=_("需求"), order_by=("need__title",))
    resource = tables.Column(verbose_name=_("对接资源"), accessor="resource_label", orderable=False)
    stage = tables.Column(verbose_name=_("阶段"))
    days_in_stage = CountColumn(
        verbose_name=_("本阶段天数"), accessor="stage_since", order_by=("-stage_since",)
    )

    class Meta(ListTable.Meta):
        model = CooperationCase
        fields = ()
        attrs = {**ListTable.Meta.attrs, "data-testid": "pipeline-list"}
        row_attrs = {"data-testid": "pipeline-case"}
        empty_text = _("暂无对接项目：在需求页面引荐专家或研究所即可开始。")

    def render_need(self, record: CooperationCase) -> SafeString:
        url = reverse("cooperation:case", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.need.title)

    def render_days_in_stage(self, record: CooperationCase) -> str:
        return str((timezone.now() - record.stage_since).days)
