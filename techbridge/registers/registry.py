"""Every register the generic list, export and import pages serve, declared in one place.

A :class:`Register` names its model, the file columns (model field names; foreign keys are
written and read by natural key, see :data:`~.resources.NATURAL_KEYS`), the key that
matches a file row to a stored record, the FilterSet (the app's own where it has one), and
who may see which records: reference registers are for network staff
(:func:`~techbridge.core.permissions.is_network_staff`); contracts follow the cooperation
app's rule (staff see all, an enterprise its own); anything derived from needs goes through
:class:`~techbridge.needs.visibility.NeedAudience`. Adding a register is one entry in
:data:`REGISTERS` (see ``docs/registers.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import django_filters
from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django_filters.filterset import filterset_factory

from techbridge.core.filtersets import BaseFilterSet
from techbridge.core.permissions import is_network_staff

from .resources import RegisterResource, build_resource

Visible = Callable[[HttpRequest], QuerySet[Any]]


@dataclass
class Register:
    slug: str
    model_label: str
    columns: tuple[str, ...]
    natural_key: tuple[str, ...] = ("id",)
    #: Columns that find a stored record when a row has no id (see ``RegisterResource``).
    match_by: tuple[str, ...] = ()
    filterset: str | tuple[str, ...] = ()
    search: tuple[str, ...] = ("name_zh", "name_en")
    staff_only: bool = True
    importable: bool = True
    readonly: tuple[str, ...] = ()
    related_querysets: dict[str, Callable[[Any], QuerySet[Any]]] = field(default_factory=dict)
    visible_rule: Visible | None = None
    list_columns: tuple[str, ...] = ()
    icon: str = "ti-database"

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def change_permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.change_{opts.model_name}"

    def may_view(self, request: HttpRequest) -> bool:
        if not request.user.is_authenticated:
            return False
        return not self.staff_only or is_network_staff(request.user)

    @property
    def add_permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.add_{opts.model_name}"

    def may_import(self, request: HttpRequest) -> bool:
        """An import adds and changes records: both permissions are needed."""
        return (
            self.importable
            and is_network_staff(request.user)
            and request.user.has_perm(self.change_permission)
            and request.user.has_perm(self.add_permission)
        )

    def visible(self, request: HttpRequest) -> QuerySet[Any]:
        """The records ``request.user`` may list and export (none if they may not view)."""
        if not self.may_view(request):
            return self.model._default_manager.none()
        if self.visible_rule is not None:
            return self.visible_rule(request)
        return self.model._default_manager.all()

    def filterset_class(self) -> type[django_filters.FilterSet]:
        if isinstance(self.filterset, str):
            module, name = self.filterset.rsplit(".", 1)
            filterset: type[django_filters.FilterSet] = getattr(
                __import__(module, fromlist=[name]), name
            )
            return filterset
        return filterset_factory(self.model, filterset=BaseFilterSet, fields=list(self.filterset))

    def search_q(self, text: str) -> Q:
        query = Q()
        for name in self.search:
            query |= Q(**{f"{name}__icontains": text})
        return query

    def shown_columns(self) -> tuple[str, ...]:
        return self.list_columns or self.columns[:6]

    def related_columns(self) -> list[str]:
        opts = self.model._meta
        return [
            c
            for c in self.columns
            if isinstance(opts.get_field(c), models.ForeignKey | models.OneToOneField)
        ]

    def m2m_columns(self) -> list[str]:
        opts = self.model._meta
        return [c for c in self.columns if isinstance(opts.get_field(c), models.ManyToManyField)]

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """``queryset`` with the related records every column reads, fetched up front."""
        return queryset.select_related(*self.related_columns()).prefetch_related(
            *self.m2m_columns()
        )

    _resource: type[RegisterResource] | None = field(default=None, init=False, repr=False)

    @property
    def resource_class(self) -> type[RegisterResource]:
        if self._resource is None:
            self._resource = build_resource(
                self.model,
                self.columns,
                self.natural_key,
                readonly=self.readonly,
                related_querysets=self.related_querysets,
                match_by=self.match_by,
            )
        return self._resource

    def resource(self, user: Any = None, **kwargs: Any) -> RegisterResource:
        return self.resource_class(user=user, **kwargs)


def _contracts(request: HttpRequest) -> QuerySet[Any]:
    from techbridge.cooperation.views import visible_contracts

    return visible_contracts(request)


def _cases(request: HttpRequest) -> QuerySet[Any]:
    from techbridge.cooperation.services import visible_cases

    return visible_cases(request.user)


def visible_needs(user: Any) -> QuerySet[Any]:
    """The needs a user may name in a file or see named in an export."""
    from techbridge.needs.models import TechnologyNeed
    from techbridge.needs.visibility import NeedAudience

    if user is None:
        return TechnologyNeed.objects.none()
    audience = NeedAudience.of(user)
    needs = TechnologyNeed.objects.all()
    # Linking a record to a need names it: only needs read in full may be named.
    return needs if audience.is_superuser else needs.filter(audience.full_text_q()).distinct()


def request_for(user: Any) -> HttpRequest:
    """A request carrying only ``user``, for rules written against a request."""
    return SimpleNamespace(user=user)  # type: ignore[return-value]


REGISTERS: list[Register] = [
    Register(
        "institutes",
        "institutes.ResearchInstitute",
        (
            "name_zh",
            "name_en",
            "short_name",
            "business_unit",
            "platform",
            "region",
            "city",
            "technical_focus_zh",
            "technical_focus_en",
            "founding_year",
            "joined_on",
            "need_capacity",
            "website",
            "technology_fields",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.institutes.filtersets.ResearchInstituteFilterSet",
        search=("name_zh", "name_en", "short_name"),
        list_columns=("name_zh", "short_name", "business_unit", "region", "founding_year"),
        icon="ti-building",
    ),
    Register(
        "institute-years",
        "institutes.InstituteYear",
        ("institute", "year", "headcount", "researchers", "origin"),
        natural_key=("institute", "year"),
        filterset=("institute", "year", "origin"),
        search=("institute__name_zh", "institute__name_en"),
        icon="ti-calendar-stats",
    ),
    Register(
        "revenue-records",
        "institutes.RevenueRecord",
        ("institute", "year", "source", "amount_cny", "origin"),
        natural_key=("institute", "year", "source"),
        filterset="techbridge.institutes.filtersets.RevenueRecordFilterSet",
        search=("institute__name_zh", "institute__name_en"),
        icon="ti-coin-yuan",
    ),
    Register(
        "enterprises",
        "organisations.Enterprise",
        (
            "name_zh",
            "name_en",
            "industry",
            "size",
            "region",
            "city",
            "unified_credit_code",
            "website",
        ),
        natural_key=("name_zh",),
        match_by=("unified_credit_code",),
        filterset="techbridge.organisations.filtersets.EnterpriseFilterSet",
        search=("name_zh", "name_en", "unified_credit_code"),
        icon="ti-building-factory-2",
    ),
    Register(
        "universities",
        "organisations.University",
        ("name_zh", "name_en", "country", "region", "city", "is_partner", "website"),
        natural_key=("name_zh",),
        filterset="techbridge.organisations.filtersets.UniversityFilterSet",
        icon="ti-school",
    ),
    Register(
        "overseas-partners",
        "organisations.OverseasPartner",
        (
            "name_zh",
            "name_en",
            "partner_type",
            "country",
            "city",
            "parent_name",
            "department",
            "website",
            "technology_fields",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.organisations.filtersets.OverseasPartnerFilterSet",
        search=("name_zh", "name_en", "parent_name"),
        icon="ti-world",
    ),
    Register(
        "partnership-agreements",
        "organisations.PartnershipAgreement",
        ("partner", "title", "signed_on", "valid_from", "valid_until", "scope"),
        natural_key=("partner", "title"),
        filterset="techbridge.organisations.filtersets.PartnershipAgreementFilterSet",
        search=("title", "partner__name_zh", "partner__name_en"),
        icon="ti-signature",
    ),
    Register(
        "experts",
        "people.Expert",
        (
            "id",
            "name_zh",
            "name_en",
            "organisation",
            "title",
            "country",
            "email",
            "bio_zh",
            "technology_fields",
        ),
        match_by=("email",),
        filterset="techbridge.people.filtersets.ExpertFilterSet",
        search=("name_zh", "name_en", "email"),
        list_columns=("id", "name_zh", "name_en", "organisation", "title", "country"),
        icon="ti-user-star",
    ),
    Register(
        "project-managers",
        "people.ProjectManager",
        (
            "id",
            "name_zh",
            "name_en",
            "institute",
            "introduced_on",
            "origin_country",
            "project_title",
            "technology_field",
            "capacity",
        ),
        filterset="techbridge.people.filtersets.ProjectManagerFilterSet",
        search=("name_zh", "name_en", "project_title"),
        icon="ti-user-check",
    ),
    Register(
        "fellows",
        "talent.Fellow",
        ("id", "expert", "level", "institute", "technology_field", "hired_on"),
        filterset="techbridge.talent.filtersets.FellowFilterSet",
        search=("expert__name_zh", "expert__name_en"),
        icon="ti-award",
    ),
    Register(
        "graduate-students",
        "talent.GraduateStudent",
        (
            "id",
            "name_zh",
            "name_en",
            "university",
            "institute",
            "university_supervisor",
            "institute_supervisor",
            "degree",
            "enrolled_on",
            "graduated_on",
            "project_title",
            "cohort",
        ),
        filterset="techbridge.talent.filtersets.GraduateStudentFilterSet",
        search=("name_zh", "name_en", "project_title"),
        icon="ti-school",
    ),
    Register(
        "graduate-cohorts",
        "talent.GraduateCohort",
        ("university", "year", "name_zh", "name_en"),
        natural_key=("university", "year", "name_zh"),
        filterset="techbridge.talent.filtersets.GraduateCohortFilterSet",
        icon="ti-users-group",
    ),
    Register(
        "project-courses",
        "talent.ProjectCourse",
        ("id", "title_zh", "title_en", "institute", "university", "year", "term", "credits"),
        filterset="techbridge.talent.filtersets.ProjectCourseFilterSet",
        search=("title_zh", "title_en"),
        icon="ti-book",
    ),
    Register(
        "course-enrolments",
        "talent.CourseEnrolment",
        ("course", "student", "grade", "passed"),
        natural_key=("course", "student"),
        filterset="techbridge.talent.filtersets.CourseEnrolmentFilterSet",
        search=("course__title_zh", "student__name_zh"),
        icon="ti-clipboard-check",
    ),
    Register(
        "joint-projects",
        "organisations.JointProject",
        (
            "name_zh",
            "name_en",
            "partner",
            "agreement",
            "institute",
            "started_on",
            "ended_on",
            "budget_cny",
            "experts",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.organisations.filtersets.JointProjectFilterSet",
        icon="ti-world-share",
    ),
    Register(
        "jics",
        "jics.JointInnovationCenter",
        (
            "name_zh",
            "name_en",
            "enterprise",
            "institute",
            "established_on",
            "period_start",
            "period_end",
            "planned_investment_cny",
            "committed_investment_cny",
            "spent_investment_cny",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.jics.filtersets.JointInnovationCenterFilterSet",
        icon="ti-affiliate",
    ),
    Register(
        "achievements",
        "achievements.TechnologicalAchievement",
        (
            "id",
            "title",
            "kind",
            "readiness",
            "owner",
            "technology_field",
            "patent_number",
            "created_on",
            "language",
            "description",
            "keywords",
        ),
        filterset="techbridge.achievements.filtersets.TechnologicalAchievementFilterSet",
        search=("title", "patent_number", "keywords"),
        icon="ti-bulb",
    ),
    Register(
        "achievement-transfers",
        "achievements.AchievementTransfer",
        ("id", "achievement", "recipient", "mode", "transferred_on", "value_cny"),
        filterset="techbridge.achievements.filtersets.AchievementTransferFilterSet",
        search=("achievement__title", "recipient__name_zh"),
        icon="ti-transfer",
    ),
    Register(
        "contracts",
        "cooperation.CooperationContract",
        (
            "contract_number",
            "title",
            "client",
            "contractor",
            "jic",
            "need",
            "value_cny",
            "signed_on",
            "start_on",
            "end_on",
            "status",
        ),
        natural_key=("contract_number",),
        filterset="techbridge.cooperation.filtersets.CooperationContractFilterSet",
        search=("contract_number", "title"),
        staff_only=False,
        visible_rule=_contracts,
        related_querysets={"need": visible_needs},
        list_columns=("contract_number", "title", "client", "contractor", "value_cny", "signed_on"),
        icon="ti-file-certificate",
    ),
    Register(
        "cases",
        "cooperation.CooperationCase",
        ("id", "need", "resource_type", "resource_name", "institute", "stage", "stage_since"),
        filterset=("stage", "institute"),
        search=("resource_name",),
        staff_only=False,
        importable=False,
        visible_rule=_cases,
        related_querysets={"need": visible_needs},
        icon="ti-layout-kanban",
    ),
    Register(
        "major-projects",
        "cooperation.MajorProject",
        ("name_zh", "name_en", "lead_institute", "approved_on", "status", "description"),
        natural_key=("name_zh",),
        filterset="techbridge.cooperation.filtersets.MajorProjectFilterSet",
        icon="ti-rocket",
    ),
    Register(
        "spinoffs",
        "ventures.SpinOff",
        (
            "name_zh",
            "name_en",
            "institute",
            "project_manager",
            "technology_field",
            "founded_on",
            "registered_capital_cny",
            "institute_equity_pct",
            "network_equity_pct",
            "status",
            "exited_on",
            "exit_proceeds_cny",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.ventures.filtersets.SpinOffFilterSet",
        icon="ti-plant-2",
    ),
    Register(
        "investment-rounds",
        "ventures.InvestmentRound",
        (
            "id",
            "spinoff",
            "kind",
            "closed_on",
            "amount_cny",
            "grant_cny",
            "pre_money_valuation_cny",
            "post_money_valuation_cny",
            "investors",
        ),
        filterset=("spinoff", "kind"),
        search=("spinoff__name_zh", "investors"),
        icon="ti-cash",
    ),
    Register(
        "equity-stakes",
        "ventures.EquityStake",
        ("institute", "enterprise", "equity_pct", "acquired_on"),
        natural_key=("institute", "enterprise"),
        filterset=("institute", "enterprise"),
        search=("institute__name_zh", "enterprise__name_zh"),
        icon="ti-chart-pie",
    ),
]

BY_SLUG: dict[str, Register] = {r.slug: r for r in REGISTERS}


def get(slug: str) -> Register | None:
    return BY_SLUG.get(slug)
