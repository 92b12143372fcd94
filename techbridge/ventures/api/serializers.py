from rest_framework import serializers

from techbridge.ventures.models import SpinOff


class SpinOffSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpinOff
        fields = [
            "id",
            "name_zh",
            "name_en",
            "institute",
            "project_manager",
            "technology_field",
            "founded_on",
            "registered_capital_cny",
            "institute_equity_pct",
            "network_equity_pct",
            "status",
        ]
