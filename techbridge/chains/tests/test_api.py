"""The chains API: chains with links and technologies, mappings, gap analysis."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from techbridge.chains.choices import RecordType
from techbridge.core.choices import Role
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise
from techbridge.testing.openapi import assert_matches_schema

from .conftest import TinyChain, confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(hq_user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(hq_user)
    return client


def test_chain_list_and_detail(tiny_chain: TinyChain, api: APIClient) -> None:
    from techbridge.chains.models import IndustryChain

    body = api.get("/api/chains/?limit=100").json()
    assert body["count"] == IndustryChain.objects.count()  # the demo's chains and the tiny one
    assert tiny_chain.chain.pk in {c["id"] for c in body["results"]}
    assert_matches_schema("/api/chains/", "get", 200, body)
    detail = api.get(f"/api/chains/{tiny_chain.chain.pk}/").json()
    assert_matches_schema(f"/api/chains/{tiny_chain.chain.pk}/", "get", 200, detail)
    assert [link["name_zh"] for link in detail["links"]] == ["材料", "器件"]
    assert [t["name_zh"] for t in detail["links"][0]["technologies"]] == ["甲技术", "乙技术"]


def test_gap_endpoint(tiny_chain: TinyChain, api: APIClient) -> None:
    url = f"/api/chains/{tiny_chain.chain.pk}/gaps/"
    body = api.get(url).json()
    assert_matches_schema(url, "get", 200, body)
    rows = body["technologies"]
    assert [r["technology_id"] for r in rows] == [tiny_chain.a.pk, tiny_chain.b.pk, tiny_chain.c.pk]
    assert rows[0]["demand_count"] == 2 and rows[0]["demand_without_supply"] is True
    assert rows[1]["single_institute"] is True
    assert rows[2]["foreign_only_supply"] is True


def test_mappings_hide_needs_the_user_may_not_see(tiny_chain: TinyChain, user_factory: Any) -> None:
    own = Enterprise.objects.order_by("pk")[0]
    hidden = TechnologyNeed.objects.filter(
        confidentiality=Confidentiality.STAFF_ONLY, jic__isnull=True
    ).exclude(enterprise=own)[0]
    confirm(tiny_chain.c, RecordType.NEED, hidden.pk)
    client = APIClient()
    client.force_authenticate(user_factory("chain-api-ent", own, Role.ENTERPRISE_USER))
    body = client.get(f"/api/chain-mappings/?key_technology={tiny_chain.c.pk}").json()
    assert_matches_schema("/api/chain-mappings/", "get", 200, body)
    ids = {(m["record_type"], m["record_id"]) for m in body["results"]}
    assert ("need", hidden.pk) not in ids
    assert ("expert", tiny_chain.foreign_expert.pk) in ids
    gaps = client.get(f"/api/chains/{tiny_chain.chain.pk}/gaps/").json()
    c = next(r for r in gaps["technologies"] if r["technology_id"] == tiny_chain.c.pk)
    assert c["demand_count"] == 0


def test_anonymous_requests_are_refused(tiny_chain: TinyChain) -> None:
    assert APIClient().get("/api/chains/").status_code in (401, 403)


@pytest.mark.parametrize("year", ["%C2%B2", "9" * 5000, "-5", "1800", "abc", "2020.5"])
def test_gap_endpoint_refuses_a_bad_year(tiny_chain: TinyChain, api: APIClient, year: str) -> None:
    # "²".isdigit() is True but int("²") fails; int() refuses over 4,300 digits
    url = f"/api/chains/{tiny_chain.chain.pk}/gaps/?year={year}"
    response = api.get(url)
    assert response.status_code == 400
    assert "2100" in response.json()["year"]  # the message gives the accepted range
    assert api.get(f"/api/chains/{tiny_chain.chain.pk}/gaps/?year=2020").status_code == 200
