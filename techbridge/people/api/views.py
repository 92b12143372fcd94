from rest_framework import viewsets

from techbridge.core.permissions import IsNetworkStaff
from techbridge.people.filtersets import ExpertFilterSet, ProjectManagerFilterSet
from techbridge.people.models import Expert, ProjectManager

from .serializers import ExpertSerializer, ProjectManagerSerializer


class ExpertViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Expert.objects.select_related("organisation").prefetch_related("technology_fields")
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet
    permission_classes = [IsNetworkStaff]


class ProjectManagerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ProjectManager.objects.select_related("institute", "technology_field")
    serializer_class = ProjectManagerSerializer
    filterset_class = ProjectManagerFilterSet
    permission_classes = [IsNetworkStaff]
