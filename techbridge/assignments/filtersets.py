"""FilterSets of the assignments registers, shared by pages and the API."""

import django_filters

from .models import DeclaredConflict


class DeclaredConflictFilterSet(django_filters.FilterSet):
    class Meta:
        model = DeclaredConflict
        fields = {
            "enterprise": ["exact"],
            "project_manager": ["exact", "isnull"],
            "institute": ["exact", "isnull"],
        }
