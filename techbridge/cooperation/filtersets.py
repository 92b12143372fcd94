"""FilterSets of the cooperation registers, shared by pages and the API."""

import django_filters

from .models import CooperationContract, MajorProject


class CooperationContractFilterSet(django_filters.FilterSet):
    class Meta:
        model = CooperationContract
        fields = {
            "status": ["exact"],
            "contractor": ["exact"],
            "client": ["exact"],
            "jic": ["exact", "isnull"],
            "signed_on": ["year", "gte", "lte"],
        }


class MajorProjectFilterSet(django_filters.FilterSet):
    class Meta:
        model = MajorProject
        fields = {
            "status": ["exact"],
            "lead_institute": ["exact"],
            "approved_on": ["year", "gte", "lte"],
        }
