from techbridge.core.api.views import RegisterViewSet
from techbridge.people.filtersets import (
    AffiliationFilterSet,
    ExpertFilterSet,
    ProfileDocumentFilterSet,
    ProjectManagerFilterSet,
    ProjectManagerTeamMemberFilterSet,
)
from techbridge.people.models import (
    Affiliation,
    Expert,
    ProfileDocument,
    ProjectManager,
    ProjectManagerTeamMember,
)

from .serializers import (
    AffiliationSerializer,
    ExpertSerializer,
    ProfileDocumentSerializer,
    ProjectManagerSerializer,
    ProjectManagerTeamMemberSerializer,
)


class ExpertViewSet(RegisterViewSet):
    queryset = Expert.objects.select_related("organisation").prefetch_related("technology_fields")
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet


class AffiliationViewSet(RegisterViewSet):
    queryset = Affiliation.objects.select_related("expert", "organisation")
    serializer_class = AffiliationSerializer
    filterset_class = AffiliationFilterSet


class ProfileDocumentViewSet(RegisterViewSet):
    queryset = ProfileDocument.objects.select_related("expert")
    serializer_class = ProfileDocumentSerializer
    filterset_class = ProfileDocumentFilterSet


class ProjectManagerViewSet(RegisterViewSet):
    queryset = ProjectManager.objects.select_related("institute", "technology_field")
    serializer_class = ProjectManagerSerializer
    filterset_class = ProjectManagerFilterSet


class ProjectManagerTeamMemberViewSet(RegisterViewSet):
    queryset = ProjectManagerTeamMember.objects.select_related("project_manager")
    serializer_class = ProjectManagerTeamMemberSerializer
    filterset_class = ProjectManagerTeamMemberFilterSet
