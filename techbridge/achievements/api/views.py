from rest_framework import viewsets

from techbridge.achievements.filtersets import (
    AchievementTransferFilterSet,
    TechnologicalAchievementFilterSet,
)
from techbridge.achievements.models import AchievementTransfer, TechnologicalAchievement
from techbridge.core.permissions import IsNetworkStaff

from .serializers import AchievementTransferSerializer, TechnologicalAchievementSerializer


class AchievementViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = TechnologicalAchievement.objects.select_related("owner", "technology_field")
    serializer_class = TechnologicalAchievementSerializer
    filterset_class = TechnologicalAchievementFilterSet
    permission_classes = [IsNetworkStaff]


class AchievementTransferViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AchievementTransfer.objects.select_related("achievement", "recipient")
    serializer_class = AchievementTransferSerializer
    filterset_class = AchievementTransferFilterSet
    permission_classes = [IsNetworkStaff]
