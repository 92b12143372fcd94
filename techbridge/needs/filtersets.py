"""FilterSets of the needs register, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

from .models import TechnologyNeed


class TechnologyNeedFilterSet(BaseFilterSet):
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
