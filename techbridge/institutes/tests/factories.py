"""Factories for research institutes and their business units."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from techbridge.institutes.models import BusinessUnit, ResearchInstitute


class BusinessUnitFactory(DjangoModelFactory[BusinessUnit]):
    class Meta:
        model = BusinessUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-{n}")
    name_zh = factory.Sequence(lambda n: f"专业事业部{n}")
    name_en = factory.Sequence(lambda n: f"Business unit {n}")


class InstituteFactory(DjangoModelFactory[ResearchInstitute]):
    class Meta:
        model = ResearchInstitute

    name_zh = factory.Sequence(lambda n: f"测试研究所{n}")
    name_en = factory.Sequence(lambda n: f"Test Institute {n}")
    technical_focus_zh = "先进材料"
    technical_focus_en = "Advanced materials"
    business_unit = factory.SubFactory(BusinessUnitFactory)
    founding_year = 2015
    joined_on = dt.date(2016, 1, 1)
