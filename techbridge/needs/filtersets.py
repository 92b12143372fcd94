"""FilterSets of the needs register, shared by pages and the API."""

import django_filters

from .models import TechnologyNeed


class TechnologyNeedFilterSet(django_filters.FilterSet):
    class Meta:
        model = TechnologyNeed
        fields = {
            "status": ["exact"],
            "confidentiality": ["exact"],
            "cooperation_mode": ["exact"],
            "technology_field": ["exact"],
            "industry": ["exact"],
            "jic": ["exact", "isnull"],
            "submitted_on": ["year", "gte", "lte"],
        }
