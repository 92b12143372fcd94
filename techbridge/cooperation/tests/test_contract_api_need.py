"""The contracts API never names a need its reader may not read, and keeps it on update."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from techbridge.cooperation.models import CooperationContract
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.testing.openapi import assert_matches_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_contract() -> tuple[CooperationContract, TechnologyNeed]:
    need = TechnologyNeed.objects.filter(confidentiality=Confidentiality.NAMED_ONLY).first()
    contract = CooperationContract.objects.order_by("pk").first()
    assert need is not None and contract is not None
    contract.need = need
    contract.save()
    return contract, need


def _hq() -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="hq"))
    return client


def test_headquarters_do_not_see_the_id_of_a_named_only_need(
    hidden_contract: tuple[CooperationContract, TechnologyNeed],
) -> None:
    contract, need = hidden_contract
    response = _hq().get(f"/api/contracts/{contract.pk}/")
    assert response.status_code == 200
    assert_matches_schema("/api/contracts/{id}/", "get", 200, response.json())
    assert response.json()["need"] is None
    listed = _hq().get("/api/contracts/", {"page_size": 500}).json()["results"]
    assert need.pk not in {row["need"] for row in listed}


def test_sending_back_what_was_shown_keeps_the_need(
    hidden_contract: tuple[CooperationContract, TechnologyNeed],
) -> None:
    contract, need = hidden_contract
    client = _hq()
    shown: dict[str, Any] = client.get(f"/api/contracts/{contract.pk}/").json()
    body = {k: v for k, v in shown.items() if not k.endswith(("_name_zh", "_name_en"))}
    body["title"] = "更新后的合同名称"
    response = client.put(f"/api/contracts/{contract.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    contract.refresh_from_db()
    assert contract.title == "更新后的合同名称" and contract.need_id == need.pk
