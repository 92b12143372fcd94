from rest_framework import viewsets

from techbridge.core.permissions import IsNetworkStaff
from techbridge.ventures.filtersets import SpinOffFilterSet
from techbridge.ventures.models import SpinOff

from .serializers import SpinOffSerializer


class SpinOffViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = SpinOff.objects.select_related("institute", "project_manager", "technology_field")
    serializer_class = SpinOffSerializer
    filterset_class = SpinOffFilterSet
    permission_classes = [IsNetworkStaff]
