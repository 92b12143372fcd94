"""Factories for the shared reference data: industries and technology fields."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from techbridge.core.models import Industry, TechnologyField


class IndustryFactory(DjangoModelFactory[Industry]):
    class Meta:
        model = Industry
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"industry-{n}")
    name_zh = factory.Sequence(lambda n: f"行业{n}")
    name_en = factory.Sequence(lambda n: f"Industry {n}")


class TechnologyFieldFactory(DjangoModelFactory[TechnologyField]):
    class Meta:
        model = TechnologyField
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"field-{n}")
    name_zh = factory.Sequence(lambda n: f"技术领域{n}")
    name_en = factory.Sequence(lambda n: f"Technology field {n}")
