"""Factories for technology needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from techbridge.core.tests.factories import TechnologyFieldFactory
from techbridge.needs.choices import Confidentiality, CooperationMode, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.tests.factories import EnterpriseFactory


class NeedFactory(DjangoModelFactory[TechnologyNeed]):
    """A submitted need of its own enterprise, read by staff only (the form's default)."""

    class Meta:
        model = TechnologyNeed

    title = factory.Sequence(lambda n: f"高导热封装基板国产化（{n}）")
    description = "功率模块散热能力不足，需要热导率不低于 170 W/mK 的新型封装基板。"
    public_summary = "某功率器件企业寻求高导热封装基板技术。"
    enterprise = factory.SubFactory(EnterpriseFactory)
    industry = factory.SelfAttribute("enterprise.industry")
    technology_field = factory.SubFactory(TechnologyFieldFactory)
    budget_min_cny = Decimal(500_000)
    budget_max_cny = Decimal(1_000_000)
    cooperation_mode = CooperationMode.CONTRACT_RD
    confidentiality = Confidentiality.STAFF_ONLY
    status = NeedStatus.SUBMITTED
    submitted_on = dt.date(2020, 6, 1)
