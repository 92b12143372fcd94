from techbridge.assignments.filtersets import DeclaredConflictFilterSet
from techbridge.assignments.models import DeclaredConflict
from techbridge.core.api.views import RegisterViewSet

from .serializers import DeclaredConflictSerializer


class DeclaredConflictViewSet(RegisterViewSet):
    """Conflicts of interest: the assignment solver never gives a need to a handler that
    declared one with the need's enterprise."""

    queryset = DeclaredConflict.objects.select_related("project_manager", "institute", "enterprise")
    serializer_class = DeclaredConflictSerializer
    filterset_class = DeclaredConflictFilterSet
