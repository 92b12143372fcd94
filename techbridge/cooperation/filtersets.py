"""FilterSets of the cooperation registers, shared by pages and the API."""

import django_filters

from .models import (
    ContractMilestone,
    ContractPayment,
    CooperationCase,
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
    MajorProjectMilestone,
)


class CooperationContractFilterSet(django_filters.FilterSet):
    class Meta:
        model = CooperationContract
        fields = {
            "status": ["exact"],
            "contractor": ["exact"],
            "client": ["exact"],
            "jic": ["exact", "isnull"],
            "signed_on": ["year", "gte", "lte"],
        }


class MajorProjectFilterSet(django_filters.FilterSet):
    class Meta:
        model = MajorProject
        fields = {
            "status": ["exact"],
            "lead_institute": ["exact"],
            "approved_on": ["year", "gte", "lte"],
        }


class ContractMilestoneFilterSet(django_filters.FilterSet):
    class Meta:
        model = ContractMilestone
        fields = {
            "contract": ["exact"],
            "due_on": ["year", "gte", "lte"],
            "accepted_on": ["isnull", "gte", "lte"],
        }


class ContractPaymentFilterSet(django_filters.FilterSet):
    class Meta:
        model = ContractPayment
        fields = {
            "contract": ["exact"],
            "milestone": ["exact", "isnull"],
            "received_on": ["year", "gte", "lte"],
        }


class MajorProjectFundingFilterSet(django_filters.FilterSet):
    class Meta:
        model = MajorProjectFunding
        fields = {"project": ["exact"], "source": ["exact"]}


class MajorProjectMilestoneFilterSet(django_filters.FilterSet):
    class Meta:
        model = MajorProjectMilestone
        fields = {
            "project": ["exact"],
            "due_on": ["year", "gte", "lte"],
            "completed_on": ["isnull"],
        }


class CooperationCaseFilterSet(django_filters.FilterSet):
    """Narrows the cases a user may see (the queryset already applies the needs rule)."""

    class Meta:
        model = CooperationCase
        fields = {"stage": ["exact"], "institute": ["exact"], "resource_type": ["exact"]}
