from techbridge.core.api.views import RegisterViewSet
from techbridge.jics.filtersets import JointInnovationCenterFilterSet
from techbridge.jics.models import JointInnovationCenter

from .serializers import JointInnovationCenterSerializer


class JointInnovationCenterViewSet(RegisterViewSet):
    queryset = JointInnovationCenter.objects.select_related("enterprise", "institute")
    serializer_class = JointInnovationCenterSerializer
    filterset_class = JointInnovationCenterFilterSet
