from techbridge.achievements.filtersets import (
    AchievementTransferFilterSet,
    TechnologicalAchievementFilterSet,
)
from techbridge.achievements.models import AchievementTransfer, TechnologicalAchievement
from techbridge.core.api.views import RegisterViewSet

from .serializers import AchievementTransferSerializer, TechnologicalAchievementSerializer


class AchievementViewSet(RegisterViewSet):
    queryset = TechnologicalAchievement.objects.select_related(
        "owner", "technology_field"
    ).prefetch_related("inventors")
    serializer_class = TechnologicalAchievementSerializer
    filterset_class = TechnologicalAchievementFilterSet


class AchievementTransferViewSet(RegisterViewSet):
    queryset = AchievementTransfer.objects.select_related("achievement", "recipient")
    serializer_class = AchievementTransferSerializer
    filterset_class = AchievementTransferFilterSet
