"""Filters for the two taxonomies, shared by pages and the API."""

import django_filters

from techbridge.core.models import Industry, TechnologyField


class TechnologyFieldFilterSet(django_filters.FilterSet):
    class Meta:
        model = TechnologyField
        fields = {"parent": ["exact", "isnull"], "code": ["exact", "startswith"]}


class IndustryFilterSet(django_filters.FilterSet):
    class Meta:
        model = Industry
        fields = {"code": ["exact"]}
