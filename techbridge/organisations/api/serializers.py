from rest_framework import serializers

from techbridge.organisations.models import Enterprise, OverseasPartner


class EnterpriseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name_zh",
            "name_en",
            "region",
            "country",
            "industry",
            "size",
        ]


class OverseasPartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = OverseasPartner
        fields = [
            "id",
            "name_zh",
            "name_en",
            "country",
            "partner_type",
            "parent_name",
            "department",
        ]
