"""FilterSets of the ventures registers, shared by pages and the API."""

import django_filters

from .models import SpinOff


class SpinOffFilterSet(django_filters.FilterSet):
    class Meta:
        model = SpinOff
        fields = {"institute": ["exact"], "status": ["exact"], "founded_on": ["year", "gte", "lte"]}
