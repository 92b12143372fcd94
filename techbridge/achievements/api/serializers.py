from techbridge.achievements.models import AchievementTransfer, TechnologicalAchievement
from techbridge.core.api.serializers import RegisterSerializer


class TechnologicalAchievementSerializer(RegisterSerializer):
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
            "keywords",
            "created_on",
            "inventors",
        ]


class AchievementTransferSerializer(RegisterSerializer):
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
