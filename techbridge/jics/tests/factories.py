"""Factories for joint innovation centres."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from techbridge.institutes.tests.factories import InstituteFactory
from techbridge.jics.models import JointInnovationCenter
from techbridge.organisations.tests.factories import EnterpriseFactory


class JicFactory(DjangoModelFactory[JointInnovationCenter]):
    class Meta:
        model = JointInnovationCenter

    name_zh = factory.Sequence(lambda n: f"联合创新中心{n}")
    name_en = factory.Sequence(lambda n: f"Joint Innovation Center {n}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    institute = factory.SubFactory(InstituteFactory)
    established_on = dt.date(2020, 3, 1)
    period_start = dt.date(2020, 3, 1)
    period_end = dt.date(2023, 2, 28)
    planned_investment_cny = Decimal(5_000_000)
