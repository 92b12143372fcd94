"""FilterSets of the jics registers, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

from .models import JointInnovationCenter


class JointInnovationCenterFilterSet(BaseFilterSet):
    class Meta:
        model = JointInnovationCenter
        fields = {
            "enterprise": ["exact"],
            "institute": ["exact"],
            "established_on": ["year", "gte", "lte"],
        }
