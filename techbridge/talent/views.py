"""Fellows, JITRI University and project managers, for network staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from techbridge.core.models import TechnologyField
from techbridge.core.permissions import is_network_staff
from techbridge.institutes.models import ResearchInstitute
from techbridge.people.models import ProjectManager

from . import services
from .choices import FellowLevel
from .models import Fellow
from .tables import (
    CohortTable,
    CourseTable,
    FellowTable,
    GraduationTable,
    OutcomeContractTable,
    OutcomeSpinoffTable,
    ProjectManagerTable,
    StudentTable,
    UniversityTable,
)


def _staff(request: HttpRequest) -> None:
    if not is_network_staff(request.user):
        raise PermissionDenied


@login_required
def fellows(request: HttpRequest) -> HttpResponse:
    _staff(request)
    qs = services.fellows(request.GET)
    table = FellowTable(qs.order_by("-hired_on", "expert__name_zh"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "talent/fellows.html",
        {
            "fellows": qs,
            "table": table,
            "by_year": services.fellows_by_year(qs),
            "levels": FellowLevel.choices,
            "institutes": ResearchInstitute.objects.filter(fellows__isnull=False)
            .distinct()
            .order_by("name_zh"),
            "fields": TechnologyField.objects.order_by("code"),
            "years": sorted(
                {d.year for d in Fellow.objects.dates("hired_on", "year")}, reverse=True
            ),
            "selected": request.GET,
        },
    )


@login_required
def university(request: HttpRequest) -> HttpResponse:
    _staff(request)
    students = StudentTable(services.students(request.GET), prefix="students-")
    RequestConfig(request, paginate={"per_page": 50}).configure(students)
    courses = CourseTable(services.courses(), prefix="courses-")
    RequestConfig(request, paginate={"per_page": 15}).configure(courses)
    return render(
        request,
        "talent/university.html",
        {
            "universities": UniversityTable(services.partner_universities()),
            "cohorts": CohortTable(services.cohorts()),
            "courses": courses,
            "graduation": GraduationTable(services.graduation_by_year()),
            "students": students,
            "selected": request.GET,
        },
    )


@login_required
def project_managers(request: HttpRequest) -> HttpResponse:
    _staff(request)
    project_managers = services.project_managers()
    table = ProjectManagerTable(project_managers)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "talent/project_managers.html",
        {"project_managers": project_managers, "table": table},
    )


@login_required
def project_manager(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    pm = get_object_or_404(
        ProjectManager.objects.select_related("institute", "technology_field"), pk=pk
    )
    outcomes = services.project_manager_outcomes(pm, request.user)
    return render(
        request,
        "talent/project_manager.html",
        {
            "pm": pm,
            "team": pm.team.all(),
            "outcomes": outcomes,
            "spinoffs": OutcomeSpinoffTable(outcomes.spinoffs),
            "contracts": OutcomeContractTable(outcomes.contracts),
        },
    )
