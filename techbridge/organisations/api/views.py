from rest_framework import viewsets

from techbridge.core.permissions import IsNetworkStaff
from techbridge.organisations.filtersets import EnterpriseFilterSet, OverseasPartnerFilterSet
from techbridge.organisations.models import Enterprise, OverseasPartner

from .serializers import EnterpriseSerializer, OverseasPartnerSerializer


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Enterprise.objects.select_related("industry")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    permission_classes = [IsNetworkStaff]


class OverseasPartnerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = OverseasPartner.objects.all()
    serializer_class = OverseasPartnerSerializer
    filterset_class = OverseasPartnerFilterSet
    permission_classes = [IsNetworkStaff]
