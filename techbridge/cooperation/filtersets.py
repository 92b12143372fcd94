"""FilterSets of the cooperation registers, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

from .models import (
    ContractMilestone,
    ContractPayment,
    CooperationCase,
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
    MajorProjectMilestone,
)


class CooperationContractFilterSet(BaseFilterSet):
    class Meta:
        model = CooperationContract
        fields = {
            "status": ["exact"],
            "contractor": ["exact"],
            "client": ["exact"],
            "jic": ["exact", "isnull"],
            "signed_on": ["year", "gte", "lte"],
        }


class MajorProjectFilterSet(BaseFilterSet):
    class Meta:
        model = MajorProject
        fields = {
            "status": ["exact"],
            "lead_institute": ["exact"],
            "approved_on": ["year", "gte", "lte"],
        }


class ContractMilestoneFilterSet(BaseFilterSet):
    class Meta:
        model = ContractMilestone
        fields = {
            "contract": ["exact"],
            "due_on": ["year", "gte", "lte"],
            "accepted_on": ["isnull", "gte", "lte"],
        }


class ContractPaymentFilterSet(BaseFilterSet):
    class Meta:
        model = ContractPayment
        fields = {
            "contract": ["exact"],
            "milestone": ["exact", "isnull"],
            "received_on": ["year", "gte", "lte"],
        }


class MajorProjectFundingFilterSet(BaseFilterSet):
    class Meta:
        model = MajorProjectFunding
        fields = {"project": ["exact"], "source": ["exact"]}


class MajorProjectMilestoneFilterSet(BaseFilterSet):
    class Meta:
        model = MajorProjectMilestone
        fields = {
            "project": ["exact"],
            "due_on": ["year", "gte", "lte"],
            "completed_on": ["isnull"],
        }


class CooperationCaseFilterSet(BaseFilterSet):
    """Narrows the cases a user may see (the queryset already applies the needs rule)."""

    class Meta:
        model = CooperationCase
        fields = {"stage": ["exact"], "institute": ["exact"], "resource_type": ["exact"]}
