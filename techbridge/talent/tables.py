"""The talent lists as django-tables2 tables: fellows and project managers, sortable, paged."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import CountColumn, DateColumn, ListTable
from techbridge.people.models import ProjectManager

from .models import Fellow


class FellowTable(ListTable):
    expert = tables.Column(verbose_name=_("专家"), order_by=("expert__name_zh",))
    level = tables.Column(verbose_name=_("级别"))
    institute = tables.Column(verbose_name=_("研究所"), order_by=("institute__name_zh",))
    technology_field = tables.Column(verbose_name=_("领域"), order_by=("technology_field__code",))
    hired_on = DateColumn(verbose_name=_("聘任日期"))

    class Meta(ListTable.Meta):
        model = Fellow
        fields = ()
        attrs = {**ListTable.Meta.attrs, "data-testid": "fellows-table"}
        row_attrs = {"data-testid": "fellow"}
        empty_text = _("没有符合条件的研究员。")


class ProjectManagerTable(ListTable):
    name = tables.Column(
        verbose_name=_("姓名"),
        accessor="pk",
        order_by=("name_zh",),
        linkify=("talent:project-manager", {"pk": tables.A("pk")}),
    )
    institute = tables.Column(verbose_name=_("所在研究所"), order_by=("institute__name_zh",))
    origin_country = tables.Column(verbose_name=_("引进自"))
    introduced_on = DateColumn(verbose_name=_("引进日期"))
    project_title = tables.Column(verbose_name=_("创新创业项目"))
    n_team = CountColumn(verbose_name=_("团队"))
    n_spinoffs = CountColumn(verbose_name=_("衍生企业"))
    raised_cny = CountColumn(verbose_name=_("融资合计（元）"))

    class Meta(ListTable.Meta):
        model = ProjectManager
        fields = ()
        attrs = {**ListTable.Meta.attrs, "data-testid": "pm-table"}
        row_attrs = {"data-testid": "pm"}
        empty_text = _("暂无项目经理。")

    def render_name(self, record: ProjectManager) -> str:
        return str(record)

    def render_project_title(self, value: str) -> str:
        return value if len(value) <= 40 else value[:39] + "…"
