from rest_framework import serializers

from techbridge.cooperation.choices import CaseStage
from techbridge.cooperation.models import CooperationCase, CooperationContract, MajorProject


class CooperationContractSerializer(serializers.ModelSerializer):
    class Meta:
        model = CooperationContract
        fields = [
            "id",
            "contract_number",
            "title",
            "need",
            "jic",
            "client",
            "contractor",
            "value_cny",
            "signed_on",
            "start_on",
            "end_on",
            "status",
        ]


class MajorProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = MajorProject
        fields = [
            "id",
            "name_zh",
            "name_en",
            "lead_institute",
            "description",
            "approved_on",
            "status",
        ]


class CooperationCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = CooperationCase
        fields = [
            "id",
            "need",
            "resource_type",
            "resource_id",
            "resource_name",
            "institute",
            "stage",
            "stage_since",
            "lost_reason",
            "contract",
        ]


class MoveCaseSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=CaseStage.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
