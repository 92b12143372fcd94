"""FilterSets of the institutes registers, shared by pages and the API."""

import django_filters

from .models import ResearchInstitute, RevenueRecord


class ResearchInstituteFilterSet(django_filters.FilterSet):
    class Meta:
        model = ResearchInstitute
        fields = {
            "region": ["exact"],
            "business_unit": ["exact"],
            "platform": ["exact"],
            "joined_on": ["year", "gte", "lte"],
        }


class RevenueRecordFilterSet(django_filters.FilterSet):
    class Meta:
        model = RevenueRecord
        fields = {"institute": ["exact"], "year": ["exact", "gte", "lte"], "source": ["exact"]}
