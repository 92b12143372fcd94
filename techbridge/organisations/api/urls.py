"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import (
    EnterpriseViewSet,
    JointProjectViewSet,
    OrganisationViewSet,
    OverseasPartnerViewSet,
    PartnershipAgreementViewSet,
    UniversityViewSet,
)

routes = [
    ("organisations", OrganisationViewSet, None),
    ("enterprises", EnterpriseViewSet, None),
    ("universities", UniversityViewSet, None),
    ("overseas-partners", OverseasPartnerViewSet, None),
    ("partnership-agreements", PartnershipAgreementViewSet, None),
    ("joint-projects", JointProjectViewSet, None),
]
