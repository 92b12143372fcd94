"""FilterSets of the institutes registers, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

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


class ResearchInstituteFilterSet(BaseFilterSet):
    class Meta:
        model = ResearchInstitute
        fields = {
            "region": ["exact"],
            "business_unit": ["exact"],
            "platform": ["exact"],
            "joined_on": ["year", "gte", "lte"],
        }


class RevenueRecordFilterSet(BaseFilterSet):
    class Meta:
        model = RevenueRecord
        fields = {"institute": ["exact"], "year": ["exact", "gte", "lte"], "source": ["exact"]}


class BusinessUnitFilterSet(BaseFilterSet):
    class Meta:
        model = BusinessUnit
        fields = {"code": ["exact"]}


class InnovationPlatformFilterSet(BaseFilterSet):
    class Meta:
        model = InnovationPlatform
        fields = {"code": ["exact"], "business_unit": ["exact"]}


class InstituteYearFilterSet(BaseFilterSet):
    class Meta:
        model = InstituteYear
        fields = {"institute": ["exact"], "year": ["exact", "gte", "lte"], "origin": ["exact"]}


class EvaluationSchemeFilterSet(BaseFilterSet):
    class Meta:
        model = EvaluationScheme
        fields = {"is_default": ["exact"]}


class EvaluationWeightFilterSet(BaseFilterSet):
    class Meta:
        model = EvaluationWeight
        fields = {"scheme": ["exact"], "indicator": ["exact"]}


class FundingAllocationFilterSet(BaseFilterSet):
    class Meta:
        model = FundingAllocation
        fields = {"institute": ["exact"], "year": ["exact", "gte", "lte"], "scheme": ["exact"]}
