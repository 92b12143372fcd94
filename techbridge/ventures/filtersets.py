"""FilterSets of the ventures registers, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

from .models import EquityStake, InvestmentRound, SpinOff


class SpinOffFilterSet(BaseFilterSet):
    class Meta:
        model = SpinOff
        fields = {"institute": ["exact"], "status": ["exact"], "founded_on": ["year", "gte", "lte"]}


class InvestmentRoundFilterSet(BaseFilterSet):
    class Meta:
        model = InvestmentRound
        fields = {"spinoff": ["exact"], "kind": ["exact"], "closed_on": ["year", "gte", "lte"]}


class EquityStakeFilterSet(BaseFilterSet):
    class Meta:
        model = EquityStake
        fields = {
            "institute": ["exact"],
            "enterprise": ["exact"],
            "acquired_on": ["year", "gte", "lte"],
        }
