"""A contract's title never repeats what only its need's readers may know."""

from __future__ import annotations

import pytest
from django.db.models import F

from techbridge.cooperation.models import CooperationContract
from techbridge.cooperation.services import contract_title
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("level", [Confidentiality.STAFF_ONLY, Confidentiality.NAMED_ONLY])
def test_a_restricted_need_gives_its_contract_only_its_field(level: str) -> None:
    need = TechnologyNeed.objects.filter(confidentiality=level).select_related("technology_field")
    first = need.first()
    assert first is not None
    title = contract_title(first)
    assert title == f"{first.technology_field.name_zh}技术合作"
    assert first.title not in title


def test_a_public_need_gives_its_contract_the_public_summary() -> None:
    need = TechnologyNeed.objects.filter(confidentiality=Confidentiality.PUBLIC_SUMMARY).first()
    assert need is not None
    assert contract_title(need) == need.public_summary.split("。")[0].strip()
    assert contract_title(need) != need.title


def test_no_demo_contract_carries_its_need_s_title() -> None:
    linked = CooperationContract.objects.filter(need__isnull=False)
    assert linked.exists()
    assert not linked.filter(title=F("need__title")).exists()
