"""Factories for organisations: headquarters and enterprises."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from techbridge.core.tests.factories import IndustryFactory
from techbridge.organisations.choices import EnterpriseSize, OrganisationKind
from techbridge.organisations.models import Enterprise, Organisation


class HeadquartersFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    kind = OrganisationKind.HEADQUARTERS
    name_zh = factory.Sequence(lambda n: f"总部{n}")
    name_en = factory.Sequence(lambda n: f"Headquarters {n}")


class EnterpriseFactory(DjangoModelFactory[Enterprise]):
    class Meta:
        model = Enterprise

    name_zh = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    name_en = factory.Sequence(lambda n: f"Test Enterprise {n} Co., Ltd.")
    industry = factory.SubFactory(IndustryFactory)
    size = EnterpriseSize.MEDIUM
