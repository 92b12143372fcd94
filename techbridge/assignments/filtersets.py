"""FilterSets of the assignments registers, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

from .models import DeclaredConflict


class DeclaredConflictFilterSet(BaseFilterSet):
    class Meta:
        model = DeclaredConflict
        fields = {
            "enterprise": ["exact"],
            "project_manager": ["exact", "isnull"],
            "institute": ["exact", "isnull"],
        }
