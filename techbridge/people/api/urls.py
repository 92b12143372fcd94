"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import (
    AffiliationViewSet,
    ExpertViewSet,
    ProfileDocumentViewSet,
    ProjectManagerTeamMemberViewSet,
    ProjectManagerViewSet,
)

routes = [
    ("experts", ExpertViewSet, None),
    ("affiliations", AffiliationViewSet, None),
    ("profile-documents", ProfileDocumentViewSet, None),
    ("project-managers", ProjectManagerViewSet, None),
    ("project-manager-team-members", ProjectManagerTeamMemberViewSet, None),
]
