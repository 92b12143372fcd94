"""Figures of the talent programmes: Fellows, JITRI University and project managers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear

from techbridge.cooperation.models import CooperationContract
from techbridge.core.params import int_param
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience
from techbridge.organisations.models import University
from techbridge.people.models import ProjectManager
from techbridge.ventures.models import InvestmentRound

from .models import CourseEnrolment, Fellow, GraduateCohort, GraduateStudent, ProjectCourse


def fellows(params: dict[str, Any]) -> QuerySet[Fellow]:
    """Fellows filtered by level, institute, field and hiring year (unknown values ignored)."""
    qs = Fellow.objects.select_related("expert", "institute", "technology_field")
    level = str(params.get("level") or "").strip()
    if level:
        qs = qs.filter(level=level)
    for key, lookup, lo, hi in (
        ("institute", "institute_id", 1, None),
        ("field", "technology_field_id", 1, None),
        ("year", "hired_on__year", 1900, 2100),
    ):
        number = int_param(params.get(key), lo=lo, hi=hi)
        if number is not None:
            qs = qs.filter(**{lookup: number})
    return qs


def fellows_by_year(qs: QuerySet[Fellow]) -> list[Any]:
    """Hires per year and level: ``[{"year": 2020, "level": "fellow", "n": 12}, ...]``."""
    return list(
        qs.annotate(year=ExtractYear("hired_on"))
        .values("year", "level")
        .annotate(n=Count("pk"))
        .order_by("year", "level")
    )


@dataclass
class GraduationYear:
    year: int
    enrolled: int
    graduated: int
    masters: int
    doctors: int


def partner_universities() -> QuerySet[University]:
    return (
        University.objects.filter(is_partner=True)
        .annotate(
            n_students=Count("students", distinct=True),
            n_graduated=Count(
                "students", filter=Q(students__graduated_on__isnull=False), distinct=True
            ),
            n_cohorts=Count("cohorts", distinct=True),
            n_courses=Count("courses", distinct=True),
        )
        .order_by("-n_students", "name_zh")
    )


def cohorts() -> QuerySet[GraduateCohort]:
    return (
        GraduateCohort.objects.select_related("university")
        .annotate(
            n_students=Count("students", distinct=True),
            n_graduated=Count(
                "students", filter=Q(students__graduated_on__isnull=False), distinct=True
            ),
        )
        .order_by("-year", "university__name_zh")
    )


def courses() -> QuerySet[ProjectCourse]:
    return (
        ProjectCourse.objects.select_related("institute", "university")
        .annotate(
            n_enrolled=Count("enrolments", distinct=True),
            n_passed=Count("enrolments", filter=Q(enrolments__passed=True), distinct=True),
            n_marked=Count("enrolments", filter=Q(enrolments__passed__isnull=False), distinct=True),
        )
        .order_by("-year", "term", "title_zh")
    )


def graduation_by_year() -> list[GraduationYear]:
    """Students enrolled and graduated (by degree) in each calendar year."""
    enrolled = dict(
        GraduateStudent.objects.annotate(y=ExtractYear("enrolled_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .values_list("y", "n")
    )
    graduated: dict[int, dict[str, int]] = {}
    for row in (
        GraduateStudent.objects.filter(graduated_on__isnull=False)
        .annotate(y=ExtractYear("graduated_on"))
        .values("y", "degree")
        .annotate(n=Count("pk"))
    ):
        graduated.setdefault(row["y"], {})[row["degree"]] = row["n"]
    return [
        GraduationYear(
            year=y,
            enrolled=enrolled.get(y, 0),
            graduated=sum(graduated.get(y, {}).values()),
            masters=graduated.get(y, {}).get("master", 0),
            doctors=graduated.get(y, {}).get("doctor", 0),
        )
        for y in sorted(set(enrolled) | set(graduated))
    ]


def students_with_relations() -> QuerySet[GraduateStudent]:
    """Students with their university, institute, cohort and both supervisors. The university
    and the institute come in queries of their own: each is a kind of organisation (two tables
    apiece), and joining all seven tables took PostgreSQL's planner about 75 ms for one page of
    fifty students (the query itself 1 ms); in three queries the page takes about 10 ms."""
    return GraduateStudent.objects.select_related(
        "cohort", "university_supervisor", "institute_supervisor"
    ).prefetch_related("university", "institute")


def students(params: dict[str, Any]) -> QuerySet[GraduateStudent]:
    """Students with both supervisors, filtered by university, cohort or graduation status."""
    qs = students_with_relations()
    for key, lookup in (("university", "university_id"), ("cohort", "cohort_id")):
        number = int_param(params.get(key), lo=1)
        if number is not None:
            qs = qs.filter(**{lookup: number})
    if params.get("graduated") == "1":
        qs = qs.filter(graduated_on__isnull=False)
    elif params.get("graduated") == "0":
        qs = qs.filter(graduated_on__isnull=True)
    return qs


def pass_rate(enrolments: QuerySet[CourseEnrolment]) -> float | None:
    marked = enrolments.filter(passed__isnull=False)
    total = marked.count()
    return marked.filter(passed=True).count() / total if total else None


def project_managers() -> QuerySet[ProjectManager]:
    """Project managers with their spin-offs and the money those raised."""
    return (
        ProjectManager.objects.select_related("institute", "technology_field")
        .annotate(
            n_spinoffs=Count("spinoffs", distinct=True),
            # A subquery: summing over the join with the team would count each round per member.
            raised_cny=Subquery(
                InvestmentRound.objects.filter(spinoff__project_manager=OuterRef("pk"))
                .values("spinoff__project_manager")
                .annotate(total=Sum("amount_cny"))
                .values("total")
            ),
            n_team=Count("team", distinct=True),
        )
        .order_by("-introduced_on", "name_zh")
    )


@dataclass
class ProjectManagerOutcomes:
    spinoffs: list[Any]  # SpinOff annotated with ``raised`` and ``n_rounds``
    rounds: int
    raised_cny: Decimal
    grant_cny: Decimal
    exits: int
    needs_handled: int
    contracts: list[CooperationContract]
    contract_value_cny: Decimal


def project_manager_outcomes(
    pm: ProjectManager, user: AbstractBaseUser | AnonymousUser
) -> ProjectManagerOutcomes:
    """What a project manager's projects led to: spin-offs, rounds, needs handled, contracts.

    Needs and their contracts are counted through the need visibility rule of ``user``.
    """
    spinoffs = list(
        pm.spinoffs.select_related("institute").annotate(
            raised=Sum("rounds__amount_cny"), n_rounds=Count("rounds")
        )
    )
    rounds = InvestmentRound.objects.filter(spinoff__project_manager=pm).aggregate(
        n=Count("pk"), amount=Sum("amount_cny"), grant=Sum("grant_cny")
    )
    audience = NeedAudience.of(user)
    needs = audience.countable(
        TechnologyNeed.objects.filter(
            # The needs assigned to the project manager (``assignments.NeedAssignment``).
            Exists(pm.assignments.filter(need=OuterRef("pk")))
        )
    )
    contracts = list(
        CooperationContract.objects.filter(need__in=needs)
        .select_related("client", "contractor")
        .order_by("-signed_on")
    )
    return ProjectManagerOutcomes(
        spinoffs=spinoffs,
        rounds=rounds["n"],
        raised_cny=rounds["amount"] or Decimal(0),
        grant_cny=rounds["grant"] or Decimal(0),
        exits=sum(1 for s in spinoffs if s.exited_on is not None),
        needs_handled=needs.count(),
        contracts=contracts,
        contract_value_cny=sum((c.value_cny for c in contracts), Decimal(0)),
    )
