from rest_framework import serializers

from techbridge.institutes.models import ResearchInstitute, RevenueRecord


class ResearchInstituteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResearchInstitute
        fields = [
            "id",
            "name_zh",
            "name_en",
            "short_name",
            "region",
            "technical_focus_zh",
            "technical_focus_en",
            "business_unit",
            "platform",
            "founding_year",
            "joined_on",
        ]


class RevenueRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = RevenueRecord
        fields = [
            "id",
            "institute",
            "year",
            "source",
            "amount_cny",
            "origin",
        ]
