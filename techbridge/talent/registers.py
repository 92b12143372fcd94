"""The app's registers: listed, exported and imported by the registers pages."""

from __future__ import annotations

from techbridge.core.registers import Register

REGISTERS: list[Register] = [
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
]
