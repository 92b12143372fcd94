from rest_framework import viewsets

from techbridge.core.permissions import IsNetworkStaff
from techbridge.talent.filtersets import FellowFilterSet, GraduateStudentFilterSet
from techbridge.talent.models import Fellow, GraduateStudent

from .serializers import FellowSerializer, GraduateStudentSerializer


class FellowViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Fellow.objects.select_related("expert", "institute", "technology_field")
    serializer_class = FellowSerializer
    filterset_class = FellowFilterSet
    permission_classes = [IsNetworkStaff]


class GraduateStudentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = GraduateStudent.objects.select_related("university", "institute")
    serializer_class = GraduateStudentSerializer
    filterset_class = GraduateStudentFilterSet
    permission_classes = [IsNetworkStaff]
