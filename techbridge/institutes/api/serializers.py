from techbridge.core.api.serializers import RegisterSerializer
from techbridge.institutes.models import (
    BusinessUnit,
    EvaluationScheme,
    EvaluationWeight,
    FundingAllocation,
    InnovationPlatform,
    InstituteYear,
    ResearchInstitute,
    RevenueRecord,
)


class BusinessUnitSerializer(RegisterSerializer):
    class Meta:
        model = BusinessUnit
        fields = ["id", "code", "name_zh", "name_en"]


class InnovationPlatformSerializer(RegisterSerializer):
    class Meta:
        model = InnovationPlatform
        fields = ["id", "code", "name_zh", "name_en", "business_unit"]


class ResearchInstituteSerializer(RegisterSerializer):
    class Meta:
        model = ResearchInstitute
        fields = [
            "id",
            "name_zh",
            "name_en",
            "short_name",
            "region",
            "country",
            "city",
            "website",
            "description",
            "technical_focus_zh",
            "technical_focus_en",
            "business_unit",
            "platform",
            "founding_year",
            "joined_on",
            "need_capacity",
            "technology_fields",
        ]


class RevenueRecordSerializer(RegisterSerializer):
    class Meta:
        model = RevenueRecord
        fields = ["id", "institute", "year", "source", "amount_cny", "origin"]


class InstituteYearSerializer(RegisterSerializer):
    class Meta:
        model = InstituteYear
        fields = ["id", "institute", "year", "headcount", "researchers", "origin"]


class EvaluationSchemeSerializer(RegisterSerializer):
    class Meta:
        model = EvaluationScheme
        fields = ["id", "name_zh", "name_en", "description", "is_default"]


class EvaluationWeightSerializer(RegisterSerializer):
    class Meta:
        model = EvaluationWeight
        fields = ["id", "scheme", "indicator", "weight"]


class FundingAllocationSerializer(RegisterSerializer):
    class Meta:
        model = FundingAllocation
        fields = ["id", "institute", "year", "scheme", "score", "amount_cny", "rule"]
