"""JITRI University figures, project managers' outcomes and the new constraints."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from techbridge.core.choices import Role
from techbridge.organisations.models import Organisation, University
from techbridge.people.models import ProjectManager
from techbridge.talent import services
from techbridge.talent.models import (
    CourseEnrolment,
    GraduateCohort,
    GraduateStudent,
    ProjectCourse,
)
from techbridge.ventures.models import InvestmentRound

pytestmark = pytest.mark.django_db


def test_every_demo_student_is_in_their_university_s_cohort_of_their_year() -> None:
    assert not GraduateStudent.objects.filter(cohort__isnull=True).exists()
    s = GraduateStudent.objects.select_related("cohort").order_by("pk")[0]
    assert s.cohort is not None
    assert (s.cohort.university_id, s.cohort.year) == (s.university_id, s.enrolled_on.year)
    counted = sum(c.n_students for c in services.cohorts())  # type: ignore[attr-defined]
    assert counted == GraduateStudent.objects.count()


def test_graduation_by_year_adds_up() -> None:
    years = {g.year: g for g in services.graduation_by_year()}
    assert years[2020].enrolled == 1045  # the 2020 headline figure
    graduated = GraduateStudent.objects.filter(graduated_on__year=2020)
    assert years[2020].graduated == graduated.count()
    assert years[2020].masters + years[2020].doctors == years[2020].graduated


def test_course_pass_figures() -> None:
    course: Any = services.courses().filter(n_marked__gt=0)[0]  # type: ignore[misc]
    enrolments = CourseEnrolment.objects.filter(course=course)
    assert course.n_enrolled == enrolments.count()
    assert course.n_passed == enrolments.filter(passed=True).count()
    assert all(e.grade is not None and (e.grade >= 60) == e.passed for e in enrolments)


def test_project_manager_outcomes(user_factory: Any) -> None:
    hq = user_factory("hq-pm", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    pm = ProjectManager.objects.filter(spinoffs__rounds__isnull=False).order_by("pk")[0]
    outcomes = services.project_manager_outcomes(pm, hq)
    rounds = InvestmentRound.objects.filter(spinoff__project_manager=pm)
    assert outcomes.rounds == rounds.count()
    assert outcomes.raised_cny == sum(r.amount_cny for r in rounds)
    listed: Any = services.project_managers().get(pk=pm.pk)
    assert listed.raised_cny == outcomes.raised_cny  # not multiplied by the team's size
    assert listed.n_spinoffs == len(outcomes.spinoffs)


def test_constraints_refuse_bad_data_in_chinese() -> None:
    uni = University.objects.order_by("pk")[0]
    student = GraduateStudent.objects.order_by("pk")[0]
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError, match="入学年份须在 2000–2100 之间。"):
            GraduateCohort(university=uni, year=1890, name_zh="旧班").full_clean()
        course = ProjectCourse(
            title_zh="测试课程",
            institute=student.institute,
            university=uni,
            year=2020,
            term="autumn",
            credits=0,
        )
        with pytest.raises(ValidationError, match="学分须在 1–20 之间。"):
            course.full_clean()
        course.credits = 2
        course.save()
        bad = CourseEnrolment(course=course, student=student, grade=Decimal("101"))
        with pytest.raises(ValidationError, match="成绩须在 0–100 之间。"):
            bad.full_clean()
    assert not CourseEnrolment.objects.filter(course=course).exists()
