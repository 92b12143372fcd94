from techbridge.core.api.views import RegisterViewSet
from techbridge.talent.filtersets import (
    CourseEnrolmentFilterSet,
    FellowFilterSet,
    GraduateCohortFilterSet,
    GraduateStudentFilterSet,
    ProjectCourseFilterSet,
)
from techbridge.talent.models import (
    CourseEnrolment,
    Fellow,
    GraduateCohort,
    ProjectCourse,
)
from techbridge.talent.services import students_with_relations

from .serializers import (
    CourseEnrolmentSerializer,
    FellowSerializer,
    GraduateCohortSerializer,
    GraduateStudentSerializer,
    ProjectCourseSerializer,
)


class FellowViewSet(RegisterViewSet):
    queryset = Fellow.objects.select_related("expert", "institute", "technology_field")
    serializer_class = FellowSerializer
    filterset_class = FellowFilterSet


class GraduateCohortViewSet(RegisterViewSet):
    queryset = GraduateCohort.objects.select_related("university")
    serializer_class = GraduateCohortSerializer
    filterset_class = GraduateCohortFilterSet


class GraduateStudentViewSet(RegisterViewSet):
    queryset = students_with_relations()
    serializer_class = GraduateStudentSerializer
    filterset_class = GraduateStudentFilterSet


class ProjectCourseViewSet(RegisterViewSet):
    queryset = ProjectCourse.objects.select_related("institute", "university")
    serializer_class = ProjectCourseSerializer
    filterset_class = ProjectCourseFilterSet


class CourseEnrolmentViewSet(RegisterViewSet):
    queryset = CourseEnrolment.objects.select_related("course", "student")
    serializer_class = CourseEnrolmentSerializer
    filterset_class = CourseEnrolmentFilterSet
