"""FilterSets of the talent registers, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

from .models import CourseEnrolment, Fellow, GraduateCohort, GraduateStudent, ProjectCourse


class FellowFilterSet(BaseFilterSet):
    class Meta:
        model = Fellow
        fields = {"level": ["exact"], "institute": ["exact"], "hired_on": ["year", "gte", "lte"]}


class GraduateStudentFilterSet(BaseFilterSet):
    class Meta:
        model = GraduateStudent
        fields = {
            "university": ["exact"],
            "institute": ["exact"],
            "degree": ["exact"],
            "enrolled_on": ["year", "gte", "lte"],
        }


class GraduateCohortFilterSet(BaseFilterSet):
    class Meta:
        model = GraduateCohort
        fields = {"university": ["exact"], "year": ["exact", "gte", "lte"]}


class ProjectCourseFilterSet(BaseFilterSet):
    class Meta:
        model = ProjectCourse
        fields = {
            "institute": ["exact"],
            "university": ["exact"],
            "year": ["exact", "gte", "lte"],
            "term": ["exact"],
        }


class CourseEnrolmentFilterSet(BaseFilterSet):
    class Meta:
        model = CourseEnrolment
        fields = {"course": ["exact"], "student": ["exact"], "passed": ["exact", "isnull"]}
