"""The search box finds needs, cases, contracts and resources, each as its reader may see
them: a word of a hidden text never finds its need, another enterprise's contracts are not
found, and the network's resources are searched by network staff only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from techbridge.accounts.models import Membership
from techbridge.cooperation.models import CooperationContract
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import Expert

pytestmark = pytest.mark.django_db

WORD = "钛合金叶片激光熔覆"  # a phrase no demo text holds


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _org(username: str) -> int:
    return Membership.objects.get(user__username=username).organisation_id


def _search(username: str, query: str) -> str:
    response = _client(username).get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_hidden_need_is_found_by_its_readers_only() -> None:
    # An enterprise's staff-only need with a telling word in its description
    need = TechnologyNeed.objects.filter(
        enterprise_id=_org("enterprise"), confidentiality=Confidentiality.STAFF_ONLY
    ).first()
    assert need is not None
    need.description += f" 需要{WORD}修复工艺。"
    need.save()
    for reader in ("enterprise", "hq"):
        html = _search(reader, WORD)
        assert f"/needs/{need.pk}/" in html and need.title in html, reader
    for outsider in ("enterprise2", "institute", "expert"):
        html = _search(outsider, WORD)
        assert f"/needs/{need.pk}/" not in html and need.title not in html, outsider


def test_a_summary_need_is_found_by_its_summary_not_by_its_hidden_description() -> None:
    need = (
        TechnologyNeed.objects.filter(confidentiality=Confidentiality.PUBLIC_SUMMARY)
        .exclude(enterprise_id=_org("enterprise2"))
        .exclude(public_summary="")
        .first()
    )
    assert need is not None
    need.description += f" 内部说明：{WORD}。"
    need.public_summary += " 涉及超合金叶片检测。"
    need.save()
    assert f"/needs/{need.pk}/" not in _search("enterprise2", WORD)
    html = _search("enterprise2", "超合金叶片检测")
    assert f"/needs/{need.pk}/" in html and need.title not in html


def test_contracts_are_found_by_their_parties_only() -> None:
    contract = CooperationContract.objects.filter(client_id=_org("enterprise")).first()
    assert contract is not None
    assert f"/cooperation/contracts/{contract.pk}/" in _search(
        "enterprise", contract.contract_number
    )
    assert f"/cooperation/contracts/{contract.pk}/" in _search("hq", contract.contract_number)
    html = _search("enterprise2", contract.contract_number)
    assert f"/cooperation/contracts/{contract.pk}/" not in html


def test_experts_are_searched_by_network_staff_only() -> None:
    expert = Expert.objects.exclude(name_zh="").order_by("pk").first()
    assert expert is not None
    assert f"/experts/{expert.pk}/" in _search("hq", expert.name_zh)
    html = _search("enterprise", expert.name_zh)
    assert 'data-testid="search-experts"' not in html and f"/experts/{expert.pk}/" not in html


def test_a_single_letter_is_not_a_search_and_every_page_has_the_box() -> None:
    html = _search("hq", "a")
    assert 'data-testid="search-total"' not in html and "至少输入两个字母" in html
    assert 'data-testid="global-search"' in _client("enterprise").get("/").content.decode()
