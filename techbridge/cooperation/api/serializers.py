from rest_framework import serializers

from techbridge.cooperation.models import CooperationContract, MajorProject


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
