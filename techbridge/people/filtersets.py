"""FilterSets of the people registers, shared by pages and the API."""

import django_filters

from .models import Expert, ProjectManager


class ExpertFilterSet(django_filters.FilterSet):
    class Meta:
        model = Expert
        fields = {
            "title": ["exact"],
            "country": ["exact"],
            "organisation": ["exact"],
            "technology_fields": ["exact"],
        }


class ProjectManagerFilterSet(django_filters.FilterSet):
    class Meta:
        model = ProjectManager
        fields = {
            "institute": ["exact"],
            "introduced_on": ["year", "gte", "lte"],
            "origin_country": ["exact"],
        }
