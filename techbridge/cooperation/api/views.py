from rest_framework import viewsets

from techbridge.cooperation.filtersets import CooperationContractFilterSet, MajorProjectFilterSet
from techbridge.cooperation.models import CooperationContract, MajorProject
from techbridge.core.permissions import IsNetworkStaff

from .serializers import CooperationContractSerializer, MajorProjectSerializer


class ContractViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = CooperationContract.objects.select_related("client", "contractor", "jic")
    serializer_class = CooperationContractSerializer
    filterset_class = CooperationContractFilterSet
    permission_classes = [IsNetworkStaff]


class MajorProjectViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = MajorProject.objects.select_related("lead_institute")
    serializer_class = MajorProjectSerializer
    filterset_class = MajorProjectFilterSet
    permission_classes = [IsNetworkStaff]
