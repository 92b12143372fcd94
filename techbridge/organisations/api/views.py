from rest_framework import viewsets

from techbridge.core.api.views import RegisterViewSet
from techbridge.core.permissions import IsNetworkStaff
from techbridge.organisations.filtersets import (
    EnterpriseFilterSet,
    JointProjectFilterSet,
    OrganisationFilterSet,
    OverseasPartnerFilterSet,
    PartnershipAgreementFilterSet,
    UniversityFilterSet,
)
from techbridge.organisations.models import (
    Enterprise,
    JointProject,
    Organisation,
    OverseasPartner,
    PartnershipAgreement,
    University,
)

from .serializers import (
    EnterpriseSerializer,
    JointProjectSerializer,
    OrganisationSerializer,
    OverseasPartnerSerializer,
    PartnershipAgreementSerializer,
    UniversitySerializer,
)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Every organisation of every kind, to look up the ids foreign keys point to; each kind
    is created and changed through its own register."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    permission_classes = [IsNetworkStaff]


class EnterpriseViewSet(RegisterViewSet):
    queryset = Enterprise.objects.select_related("industry")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet


class UniversityViewSet(RegisterViewSet):
    queryset = University.objects.all()
    serializer_class = UniversitySerializer
    filterset_class = UniversityFilterSet


class OverseasPartnerViewSet(RegisterViewSet):
    queryset = OverseasPartner.objects.prefetch_related("technology_fields")
    serializer_class = OverseasPartnerSerializer
    filterset_class = OverseasPartnerFilterSet


class PartnershipAgreementViewSet(RegisterViewSet):
    queryset = PartnershipAgreement.objects.select_related("partner")
    serializer_class = PartnershipAgreementSerializer
    filterset_class = PartnershipAgreementFilterSet


class JointProjectViewSet(RegisterViewSet):
    queryset = JointProject.objects.select_related("partner", "institute").prefetch_related(
        "experts"
    )
    serializer_class = JointProjectSerializer
    filterset_class = JointProjectFilterSet
