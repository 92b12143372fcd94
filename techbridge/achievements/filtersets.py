"""FilterSets of the achievements registers, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

from .models import AchievementTransfer, TechnologicalAchievement


class TechnologicalAchievementFilterSet(BaseFilterSet):
    class Meta:
        model = TechnologicalAchievement
        fields = {
            "kind": ["exact"],
            "readiness": ["exact", "gte"],
            "owner": ["exact"],
            "technology_field": ["exact"],
        }


class AchievementTransferFilterSet(BaseFilterSet):
    class Meta:
        model = AchievementTransfer
        fields = {"mode": ["exact"], "transferred_on": ["year", "gte", "lte"]}
