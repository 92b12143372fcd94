"""FilterSets of the organisations registers, shared by pages and the API."""

import django_filters

from .models import (
    Enterprise,
    JointProject,
    Organisation,
    OverseasPartner,
    PartnershipAgreement,
    University,
)


class EnterpriseFilterSet(django_filters.FilterSet):
    class Meta:
        model = Enterprise
        fields = {"region": ["exact"], "industry": ["exact"], "size": ["exact"]}


class OverseasPartnerFilterSet(django_filters.FilterSet):
    class Meta:
        model = OverseasPartner
        fields = {"country": ["exact"], "partner_type": ["exact"]}


class OrganisationFilterSet(django_filters.FilterSet):
    class Meta:
        model = Organisation
        fields = {"kind": ["exact"], "region": ["exact"], "country": ["exact"]}


class UniversityFilterSet(django_filters.FilterSet):
    class Meta:
        model = University
        fields = {"region": ["exact"], "country": ["exact"], "is_partner": ["exact"]}


class PartnershipAgreementFilterSet(django_filters.FilterSet):
    class Meta:
        model = PartnershipAgreement
        fields = {
            "partner": ["exact"],
            "signed_on": ["year", "gte", "lte"],
            "valid_until": ["gte", "lte", "isnull"],
        }


class JointProjectFilterSet(django_filters.FilterSet):
    class Meta:
        model = JointProject
        fields = {
            "partner": ["exact"],
            "agreement": ["exact", "isnull"],
            "institute": ["exact"],
            "started_on": ["year", "gte", "lte"],
        }
