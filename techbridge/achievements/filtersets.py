"""FilterSets of the achievements registers, shared by pages and the API."""

import django_filters

from .models import AchievementTransfer, TechnologicalAchievement


class TechnologicalAchievementFilterSet(django_filters.FilterSet):
    class Meta:
        model = TechnologicalAchievement
        fields = {
            "kind": ["exact"],
            "readiness": ["exact", "gte"],
            "owner": ["exact"],
            "technology_field": ["exact"],
        }


class AchievementTransferFilterSet(django_filters.FilterSet):
    class Meta:
        model = AchievementTransfer
        fields = {"mode": ["exact"], "transferred_on": ["year", "gte", "lte"]}
