"""The assignment runs' list as a django-tables2 table: sortable, paged."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import CountColumn, ListTable

from .models import AssignmentRun


class AssignmentRunTable(ListTable):
    number = tables.Column(
        verbose_name="#",
        accessor="pk",
        order_by=("id",),
        linkify=("assignments:run", {"pk": tables.A("pk")}),
    )
    status = tables.Column(verbose_name=_("状态"))
    objective = tables.Column(verbose_name=_("匹配质量合计"))
    unmet = CountColumn(verbose_name=_("未满足的名额"))
    created_by = tables.Column(
        verbose_name=_("发起人"), accessor="created_by__username", default="—"
    )
    created_at = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i")

    class Meta(ListTable.Meta):
        model = AssignmentRun
        fields = ()
        attrs = {**ListTable.Meta.attrs, "data-testid": "assignment-runs"}
        empty_text = _("还没有分配方案。")

    def render_number(self, value: int) -> str:
        return f"#{value}"

    def render_objective(self, value: float) -> str:
        return f"{value:.2f}"
