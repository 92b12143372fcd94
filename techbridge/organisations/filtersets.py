"""FilterSets of the organisations registers, shared by pages and the API."""

import django_filters

from .models import Enterprise, OverseasPartner


class EnterpriseFilterSet(django_filters.FilterSet):
    class Meta:
        model = Enterprise
        fields = {"region": ["exact"], "industry": ["exact"], "size": ["exact"]}


class OverseasPartnerFilterSet(django_filters.FilterSet):
    class Meta:
        model = OverseasPartner
        fields = {"country": ["exact"], "partner_type": ["exact"]}
