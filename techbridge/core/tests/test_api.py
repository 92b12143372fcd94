"""Every API register: visible to network staff only, schema-valid, no N+1 queries."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from techbridge.accounts.choices import Role
from techbridge.organisations.models import Enterprise
from techbridge.testing.openapi import assert_matches_schema, openapi_schema

pytestmark = pytest.mark.django_db

REGISTERS = [
    "institutes",
    "revenue",
    "enterprises",
    "overseas-partners",
    "experts",
    "project-managers",
    "fellows",
    "students",
    "jics",
    "needs",
    "achievements",
    "achievement-transfers",
    "contracts",
    "major-projects",
    "spinoffs",
    "chains",
    "chain-mappings",
]


@pytest.fixture
def staff_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="hq"))
    return client


def test_schema_lists_every_register() -> None:
    paths = openapi_schema()["paths"]
    for name in REGISTERS:
        assert f"/api/{name}/" in paths
        assert f"/api/{name}/{{id}}/" in paths
    assert "/api/reports/annual/" in paths


@pytest.mark.parametrize("name", REGISTERS)
def test_list_and_detail_match_the_schema(
    name: str, staff_client: APIClient, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        response = staff_client.get(f"/api/{name}/?limit=50")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] > 0
    assert_matches_schema(f"/api/{name}/", "get", 200, body)
    first = body["results"][0]["id"]
    detail = staff_client.get(f"/api/{name}/{first}/")
    assert detail.status_code == 200
    assert_matches_schema(f"/api/{name}/{first}/", "get", 200, detail.json())


# Needs and technology chains are open to every signed-in user and filtered record by record
# (the needs rule); the other registers are for network staff only.
@pytest.mark.parametrize(
    "name", [r for r in REGISTERS if r not in ("needs", "chains", "chain-mappings")]
)
def test_registers_are_closed_to_enterprise_users(name: str, user_factory: Any) -> None:
    client = APIClient()
    client.force_authenticate(
        user_factory("ent-user", Enterprise.objects.first(), Role.ENTERPRISE_USER)
    )
    assert client.get(f"/api/{name}/").status_code == 403


def test_anonymous_gets_nothing() -> None:
    assert APIClient().get("/api/needs/").status_code in (401, 403)
    assert APIClient().get("/api/institutes/").status_code in (401, 403)


def test_annual_figures_endpoint(staff_client: APIClient) -> None:
    response = staff_client.get("/api/reports/annual/?year=2020")
    assert response.status_code == 200
    assert response.json()["new_jics"] == 54
    assert_matches_schema("/api/reports/annual/", "get", 200, response.json())
    bad = staff_client.get("/api/reports/annual/?year=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400
    assert "year" in bad.json()


def test_filters_narrow_the_list(staff_client: APIClient) -> None:
    all_contracts = staff_client.get("/api/contracts/").json()["count"]
    jic_2020 = staff_client.get("/api/contracts/?jic__isnull=false&signed_on__year=2020")
    assert jic_2020.json()["count"] == 123 < all_contracts
