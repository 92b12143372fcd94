"""FilterSets of the jics registers, shared by pages and the API."""

import django_filters

from .models import JointInnovationCenter


class JointInnovationCenterFilterSet(django_filters.FilterSet):
    class Meta:
        model = JointInnovationCenter
        fields = {
            "enterprise": ["exact"],
            "institute": ["exact"],
            "established_on": ["year", "gte", "lte"],
        }
