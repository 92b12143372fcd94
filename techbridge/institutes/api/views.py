from rest_framework import viewsets

from techbridge.core.permissions import IsNetworkStaff
from techbridge.institutes.filtersets import ResearchInstituteFilterSet, RevenueRecordFilterSet
from techbridge.institutes.models import ResearchInstitute, RevenueRecord

from .serializers import ResearchInstituteSerializer, RevenueRecordSerializer


class InstituteViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ResearchInstitute.objects.select_related("business_unit", "platform")
    serializer_class = ResearchInstituteSerializer
    filterset_class = ResearchInstituteFilterSet
    permission_classes = [IsNetworkStaff]


class RevenueRecordViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RevenueRecord.objects.select_related("institute")
    serializer_class = RevenueRecordSerializer
    filterset_class = RevenueRecordFilterSet
    permission_classes = [IsNetworkStaff]
