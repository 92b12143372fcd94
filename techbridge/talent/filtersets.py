"""FilterSets of the talent registers, shared by pages and the API."""

import django_filters

from .models import CourseEnrolment, Fellow, GraduateCohort, GraduateStudent, ProjectCourse


class FellowFilterSet(django_filters.FilterSet):
    class Meta:
        model = Fellow
        fields = {"level": ["exact"], "institute": ["exact"], "hired_on": ["year", "gte", "lte"]}


class GraduateStudentFilterSet(django_filters.FilterSet):
    class Meta:
        model = GraduateStudent
        fields = {
            "university": ["exact"],
            "institute": ["exact"],
            "degree": ["exact"],
            "enrolled_on": ["year", "gte", "lte"],
        }


class GraduateCohortFilterSet(django_filters.FilterSet):
    class Meta:
        model = GraduateCohort
        fields = {"university": ["exact"], "year": ["exact", "gte", "lte"]}


class ProjectCourseFilterSet(django_filters.FilterSet):
    class Meta:
        model = ProjectCourse
        fields = {
            "institute": ["exact"],
            "university": ["exact"],
            "year": ["exact", "gte", "lte"],
            "term": ["exact"],
        }


class CourseEnrolmentFilterSet(django_filters.FilterSet):
    class Meta:
        model = CourseEnrolment
        fields = {"course": ["exact"], "student": ["exact"], "passed": ["exact", "isnull"]}
