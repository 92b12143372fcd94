"""A contract's title never repeats what only its need's readers may know."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client
from django.utils.html import escape

from techbridge.cooperation.models import CooperationContract
from techbridge.cooperation.services import contract_title, contract_titles, open_case
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import Expert

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
    need = TechnologyNeed.objects.filter(
        confidentiality=Confidentiality.PUBLIC_SUMMARY, language="zh"
    ).first()
    assert need is not None
    assert contract_title(need) == need.public_summary.split("。")[0].strip()
    assert contract_title(need) != need.title
    # (a Chinese summary has no English title: the contract shows it in every language)
    assert contract_titles(need)[1] == ""


def test_generated_titles_come_in_both_languages() -> None:
    english = TechnologyNeed.objects.filter(
        confidentiality=Confidentiality.PUBLIC_SUMMARY, language="en"
    ).first()
    assert english is not None
    title, title_en = contract_titles(english)
    assert title == title_en == english.public_summary.split(". ")[0].rstrip(".")
    restricted = TechnologyNeed.objects.filter(confidentiality=Confidentiality.STAFF_ONLY).first()
    assert restricted is not None
    field = restricted.technology_field
    assert contract_titles(restricted) == (
        f"{field.name_zh}技术合作",
        f"Technical cooperation in {field.name_en}",
    )


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
