"""The talent pages' tables (django-tables2): fellows, project managers, and JITRI University's
partner universities, yearly figures, cohorts, courses and students; a project manager's
spin-offs and contracts."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import CountColumn, DateColumn, DetailTable, ListTable
from techbridge.organisations.models import University
from techbridge.people.models import ProjectManager

from .models import Fellow, GraduateCohort, GraduateStudent, ProjectCourse


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


class StudentTable(ListTable):
    name = tables.Column(verbose_name=_("姓名"), accessor="pk", order_by=("name_zh",))
    degree = tables.Column(verbose_name=_("学位"))
    university = tables.Column(verbose_name=_("高校"), order_by=("university__name_zh",))
    institute = tables.Column(verbose_name=_("研究所"), order_by=("institute__name_zh",))
    university_supervisor = tables.Column(
        verbose_name=_("高校导师"), order_by=("university_supervisor__name_zh",)
    )
    institute_supervisor = tables.Column(
        verbose_name=_("研究所导师"), order_by=("institute_supervisor__name_zh",)
    )
    enrolled_on = DateColumn(verbose_name=_("入学日期"))
    graduated_on = DateColumn(verbose_name=_("毕业日期"))

    class Meta(ListTable.Meta):
        model = GraduateStudent
        fields = ()
        attrs = {**ListTable.Meta.attrs, "class": "table card-table table-vcenter table-sm"}
        attrs["data-testid"] = "students-table"
        row_attrs = {"data-testid": "student"}
        empty_text = _("没有符合条件的学生。")

    def render_name(self, record: GraduateStudent) -> str:
        return str(record)


class OutcomeSpinoffTable(DetailTable):
    """The spin-offs a project manager founded (on their page)."""

    name = tables.Column(
        verbose_name=_("企业"), accessor="pk", linkify=("ventures:spinoff", {"pk": tables.A("pk")})
    )
    founded_on = DateColumn(verbose_name=_("成立日期"))
    status = tables.Column(verbose_name=_("状态"), accessor="get_status_display")
    n_rounds = CountColumn(verbose_name=_("轮次"))
    raised = CountColumn(verbose_name=_("融资合计（元）"))

    class Meta(DetailTable.Meta):
        attrs = {**DetailTable.Meta.attrs, "data-testid": "pm-spinoffs"}
        empty_text = _("尚无衍生企业。")

    def render_name(self, record: object) -> str:
        return str(record)


class OutcomeContractTable(DetailTable):
    """The contracts signed on the needs a project manager handled (on their page)."""

    contract_number = tables.Column(
        verbose_name=_("合同编号"), linkify=("cooperation:contract", {"pk": tables.A("pk")})
    )
    title_label = tables.Column(verbose_name=_("项目名称"))
    signed_on = DateColumn(verbose_name=_("签订日期"))
    value_cny = CountColumn(verbose_name=_("合同金额（元）"))

    class Meta(DetailTable.Meta):
        attrs = {**DetailTable.Meta.attrs, "data-testid": "pm-contracts"}
        empty_text = _("暂无经其承接需求签订的合同。")

    def render_title_label(self, value: str) -> str:
        return value if len(value) <= 40 else value[:39] + "…"


class UniversityTable(DetailTable):
    name = tables.Column(verbose_name=_("高校"), accessor="pk")
    n_cohorts = CountColumn(verbose_name=_("批次"))
    n_students = CountColumn(verbose_name=_("学生"))
    n_graduated = CountColumn(verbose_name=_("已毕业"))
    n_courses = CountColumn(verbose_name=_("课程"))

    class Meta(DetailTable.Meta):
        attrs = {**DetailTable.Meta.attrs, "data-testid": "universities-table"}

    def render_name(self, record: University) -> SafeString:
        return format_html('<a href="?university={}#students">{}</a>', record.pk, record)


class GraduationTable(DetailTable):
    year = tables.Column(verbose_name=_("年份"))
    enrolled = CountColumn(verbose_name=_("入学"))
    graduated = CountColumn(
        verbose_name=_("毕业"),
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end", "data-col": "graduated"}},
    )
    masters = CountColumn(verbose_name=_("硕士"))
    doctors = CountColumn(verbose_name=_("博士"))

    class Meta(DetailTable.Meta):
        attrs = {**DetailTable.Meta.attrs, "data-testid": "graduation-table"}
        row_attrs = {"data-year": lambda record: record.year}


class CohortTable(DetailTable):
    name = tables.Column(verbose_name=_("批次"), accessor="pk")
    university = tables.Column(verbose_name=_("高校"))
    year = tables.Column(verbose_name=_("入学年份"))
    n_students = CountColumn(verbose_name=_("学生"))
    n_graduated = CountColumn(verbose_name=_("已毕业"))

    class Meta(DetailTable.Meta):
        model = GraduateCohort
        fields = ()
        attrs = {**DetailTable.Meta.attrs, "data-testid": "cohorts-table"}

    def render_name(self, record: GraduateCohort) -> SafeString:
        return format_html('<a href="?cohort={}#students">{}</a>', record.pk, record)


class CourseTable(ListTable):
    title = tables.Column(verbose_name=_("课程"), accessor="pk", order_by=("title_zh",))
    institute = tables.Column(verbose_name=_("研究所"), order_by=("institute__name_zh",))
    university = tables.Column(verbose_name=_("高校"), order_by=("university__name_zh",))
    term = tables.Column(verbose_name=_("学期"), accessor="year", order_by=("year", "term"))
    credits = CountColumn(verbose_name=_("学分"))
    n_enrolled = CountColumn(verbose_name=_("选课"))
    n_passed = tables.Column(
        verbose_name=_("通过/已评分"),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )

    class Meta(ListTable.Meta):
        model = ProjectCourse
        fields = ()
        attrs = {**ListTable.Meta.attrs, "class": "table card-table table-vcenter table-sm"}
        attrs["data-testid"] = "courses-table"
        empty_text = _("暂无课程。")

    def render_title(self, record: ProjectCourse) -> str:
        return str(record)

    def render_term(self, record: ProjectCourse) -> str:
        return f"{record.year} {record.get_term_display()}"

    def render_n_passed(self, value: int, record: Any) -> str:
        """Passed out of marked: both counted by ``services.courses()``."""
        return f"{value}/{record.n_marked}"
