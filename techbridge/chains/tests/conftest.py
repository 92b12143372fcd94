"""A tiny hand-counted chain: two links, three key technologies, hand-made mappings.

- link 1 "材料": tech A has two needs and no supply (demand without supply);
  tech B has one need and an institute plus one of its experts (a single institute);
- link 2 "器件": tech C has no need, one overseas expert and one overseas partner
  (foreign-only supply).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from techbridge.chains.choices import MappingSource, RecordType
from techbridge.chains.models import ChainLink, IndustryChain, KeyTechnology, TechnologyMapping
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import OverseasPartner
from techbridge.people.models import Expert


@dataclass
class TinyChain:
    chain: IndustryChain
    a: KeyTechnology
    b: KeyTechnology
    c: KeyTechnology
    needs_a: list[TechnologyNeed]
    need_b: TechnologyNeed
    institute_id: int
    domestic_expert: Expert
    foreign_expert: Expert
    partner: OverseasPartner


def confirm(tech: KeyTechnology, record_type: str, record_id: int) -> TechnologyMapping:
    return TechnologyMapping.objects.create(
        key_technology=tech,
        record_type=record_type,
        record_id=record_id,
        source=MappingSource.CONFIRMED,
    )


@pytest.fixture
def tiny_chain(db: Any) -> TinyChain:
    chain = IndustryChain.objects.create(code="tiny", name_zh="测试链", name_en="Test chain")
    materials = ChainLink.objects.create(chain=chain, name_zh="材料", name_en="Materials", order=1)
    devices = ChainLink.objects.create(chain=chain, name_zh="器件", name_en="Devices", order=2)
    a = KeyTechnology.objects.create(link=materials, name_zh="甲技术", name_en="Tech A", order=1)
    b = KeyTechnology.objects.create(link=materials, name_zh="乙技术", name_en="Tech B", order=2)
    c = KeyTechnology.objects.create(link=devices, name_zh="丙技术", name_en="Tech C", order=1)
    needs = list(TechnologyNeed.objects.order_by("pk")[:3])
    for need in needs[:2]:
        confirm(a, RecordType.NEED, need.pk)
    confirm(b, RecordType.NEED, needs[2].pk)
    expert = Expert.objects.filter(country="CN", organisation__kind="institute").order_by("pk")[0]
    confirm(b, RecordType.INSTITUTE, expert.organisation_id)
    confirm(b, RecordType.EXPERT, expert.pk)
    foreign = Expert.objects.exclude(country="CN").order_by("pk")[0]
    partner = OverseasPartner.objects.order_by("pk")[0]
    confirm(c, RecordType.EXPERT, foreign.pk)
    confirm(c, RecordType.PARTNER, partner.pk)
    # A suggestion and a rejection are not counted.
    TechnologyMapping.objects.create(
        key_technology=a, record_type=RecordType.EXPERT, record_id=foreign.pk
    )
    TechnologyMapping.objects.create(
        key_technology=a,
        record_type=RecordType.INSTITUTE,
        record_id=expert.organisation_id,
        source=MappingSource.REJECTED,
    )
    return TinyChain(
        chain, a, b, c, needs[:2], needs[2], expert.organisation_id, expert, foreign, partner
    )


@pytest.fixture
def hq_user(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="hq")


__all__ = ["Confidentiality", "TinyChain", "confirm"]
