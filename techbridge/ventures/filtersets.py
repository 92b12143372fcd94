"""FilterSets of the ventures registers, shared by pages and the API."""

import django_filters

from .models import EquityStake, InvestmentRound, SpinOff


class SpinOffFilterSet(django_filters.FilterSet):
    class Meta:
        model = SpinOff
        fields = {"institute": ["exact"], "status": ["exact"], "founded_on": ["year", "gte", "lte"]}


class InvestmentRoundFilterSet(django_filters.FilterSet):
    class Meta:
        model = InvestmentRound
        fields = {"spinoff": ["exact"], "kind": ["exact"], "closed_on": ["year", "gte", "lte"]}


class EquityStakeFilterSet(django_filters.FilterSet):
    class Meta:
        model = EquityStake
        fields = {
            "institute": ["exact"],
            "enterprise": ["exact"],
            "acquired_on": ["year", "gte", "lte"],
        }
