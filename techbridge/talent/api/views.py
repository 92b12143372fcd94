from techbridge.core.api.views import RegisterViewSet
from techbridge.talent.filtersets import FellowFilterSet, GraduateStudentFilterSet
from techbridge.talent.models import Fellow, GraduateStudent

from .serializers import FellowSerializer, GraduateStudentSerializer


class FellowViewSet(RegisterViewSet):
    queryset = Fellow.objects.select_related("expert", "institute", "technology_field")
    serializer_class = FellowSerializer
    filterset_class = FellowFilterSet


class GraduateStudentViewSet(RegisterViewSet):
    queryset = GraduateStudent.objects.select_related(
        "university", "institute", "university_supervisor", "institute_supervisor"
    )
    serializer_class = GraduateStudentSerializer
    filterset_class = GraduateStudentFilterSet
