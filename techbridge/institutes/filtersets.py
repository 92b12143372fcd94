"""FilterSets of the institutes registers, shared by pages and the API."""

import django_filters

from .models import (
    BusinessUnit,
    EvaluationScheme,
    EvaluationWeight,
    FundingAllocation,
    InnovationPlatform,
    InstituteYear,
    ResearchInstitute,
    RevenueRecord,
)


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


class BusinessUnitFilterSet(django_filters.FilterSet):
    class Meta:
        model = BusinessUnit
        fields = {"code": ["exact"]}


class InnovationPlatformFilterSet(django_filters.FilterSet):
    class Meta:
        model = InnovationPlatform
        fields = {"code": ["exact"], "business_unit": ["exact"]}


class InstituteYearFilterSet(django_filters.FilterSet):
    class Meta:
        model = InstituteYear
        fields = {"institute": ["exact"], "year": ["exact", "gte", "lte"], "origin": ["exact"]}


class EvaluationSchemeFilterSet(django_filters.FilterSet):
    class Meta:
        model = EvaluationScheme
        fields = {"is_default": ["exact"]}


class EvaluationWeightFilterSet(django_filters.FilterSet):
    class Meta:
        model = EvaluationWeight
        fields = {"scheme": ["exact"], "indicator": ["exact"]}


class FundingAllocationFilterSet(django_filters.FilterSet):
    class Meta:
        model = FundingAllocation
        fields = {"institute": ["exact"], "year": ["exact", "gte", "lte"], "scheme": ["exact"]}
