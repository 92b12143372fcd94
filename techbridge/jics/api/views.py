from rest_framework import viewsets

from techbridge.core.permissions import IsNetworkStaff

from ..filtersets import JointInnovationCenterFilterSet
from ..models import JointInnovationCenter
from .serializers import JointInnovationCenterSerializer


class JointInnovationCenterViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = JointInnovationCenter.objects.select_related("enterprise", "institute")
    serializer_class = JointInnovationCenterSerializer
    filterset_class = JointInnovationCenterFilterSet
    permission_classes = [IsNetworkStaff]
