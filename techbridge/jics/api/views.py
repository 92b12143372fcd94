from rest_framework import viewsets

from techbridge.core.permissions import IsNetworkStaff
from techbridge.jics.filtersets import JointInnovationCenterFilterSet
from techbridge.jics.models import JointInnovationCenter

from .serializers import JointInnovationCenterSerializer


class JointInnovationCenterViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = JointInnovationCenter.objects.select_related("enterprise", "institute")
    serializer_class = JointInnovationCenterSerializer
    filterset_class = JointInnovationCenterFilterSet
    permission_classes = [IsNetworkStaff]
