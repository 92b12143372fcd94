"""A contract's title never repeats what only its need's readers may know."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client
from django.utils.html import escape

from techbridge.cooperation.models import CooperationContract
from techbridge.cooperation.services import open_case
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import Expert

pytestmark = pytest.mark.django_db


def test_a_contract_and_a_case_read_in_the_pages_language() -> None:
    hq = get_user_model().objects.get(username="hq")
    contract = (
        CooperationContract.objects.filter(need__confidentiality=Confidentiality.STAFF_ONLY)
        .exclude(title_en="")
        .first()
    )
    assert contract is not None
    client = Client()
    client.force_login(hq)
    page = f"/cooperation/contracts/{contract.pk}/"
    assert contract.title_en in client.get(f"/en{page}").content.decode()
    assert contract.title in client.get(page).content.decode()
    # A case opened now keeps its resource's name in both languages
    expert = (
        Expert.objects.exclude(name_en="").exclude(name_zh="").select_related("organisation")
    ).first()
    need = TechnologyNeed.objects.filter(confidentiality=Confidentiality.STAFF_ONLY).first()
    assert expert is not None and need is not None
    case = open_case(hq, need, "expert", str(expert.pk))
    assert case.resource_name == f"{expert.name_zh}（{expert.organisation.name_zh}）"
    assert case.resource_name_en == f"{expert.name_en} ({expert.organisation.name_en})"
    english = client.get("/en/cooperation/pipeline/?view=list").content.decode()
    assert escape(case.resource_name_en) in english
    assert case.resource_name not in english
    assert case.resource_name in client.get("/cooperation/pipeline/?view=list").content.decode()


def test_no_demo_contract_carries_its_need_s_title() -> None:
    linked = CooperationContract.objects.filter(need__isnull=False)
    assert linked.exists()
    assert not linked.filter(title=F("need__title")).exists()
