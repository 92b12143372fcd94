"""FilterSets of the organisations registers, shared by pages and the API."""

from techbridge.core.filtersets import BaseFilterSet

from .models import (
    Enterprise,
    JointProject,
    Organisation,
    OverseasPartner,
    PartnershipAgreement,
    University,
)


class EnterpriseFilterSet(BaseFilterSet):
    class Meta:
        model = Enterprise
        fields = {"region": ["exact"], "industry": ["exact"], "size": ["exact"]}


class OverseasPartnerFilterSet(BaseFilterSet):
    class Meta:
        model = OverseasPartner
        fields = {"country": ["exact"], "partner_type": ["exact"]}


class OrganisationFilterSet(BaseFilterSet):
    class Meta:
        model = Organisation
        fields = {"kind": ["exact"], "region": ["exact"], "country": ["exact"]}


class UniversityFilterSet(BaseFilterSet):
    class Meta:
        model = University
        fields = {"region": ["exact"], "country": ["exact"], "is_partner": ["exact"]}


class PartnershipAgreementFilterSet(BaseFilterSet):
    class Meta:
        model = PartnershipAgreement
        fields = {
            "partner": ["exact"],
            "signed_on": ["year", "gte", "lte"],
            "valid_until": ["gte", "lte", "isnull"],
        }


class JointProjectFilterSet(BaseFilterSet):
    class Meta:
        model = JointProject
        fields = {
            "partner": ["exact"],
            "agreement": ["exact", "isnull"],
            "institute": ["exact"],
            "started_on": ["year", "gte", "lte"],
        }
