from rest_framework import serializers

from techbridge.achievements.models import AchievementTransfer, TechnologicalAchievement


class TechnologicalAchievementSerializer(serializers.ModelSerializer):
    class Meta:
        model = TechnologicalAchievement
        fields = [
            "id",
            "title",
            "description",
            "language",
            "kind",
            "readiness",
            "owner",
            "technology_field",
            "patent_number",
            "created_on",
        ]


class AchievementTransferSerializer(serializers.ModelSerializer):
    class Meta:
        model = AchievementTransfer
        fields = [
            "id",
            "achievement",
            "recipient",
            "mode",
            "transferred_on",
            "value_cny",
        ]
