"""The working day through the REST API, every response checked against the OpenAPI schema."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from techbridge.core.choices import Role
from techbridge.core.models import TechnologyField
from techbridge.matching.index import PlatformIndex
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.testing.openapi import assert_matches_schema

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(enterprise: Enterprise, **extra: Any) -> dict[str, Any]:
    return {
        "enterprise": enterprise.pk,
        "title": "碳化硅外延缺陷控制",
        "description": "碳化硅外延层缺陷密度偏高，需要改进外延生长工艺。",
        "language": "zh",
        "technology_field": TechnologyField.objects.get(code="sic-power").pk,
        "budget_min_cny": "500000.00",
        "budget_max_cny": "900000.00",
        "cooperation_mode": "contract_rd",
        "confidentiality": "staff_only",
        **extra,
    }


def test_enterprise_submits_a_need(user_factory: Any) -> None:
    enterprise = Enterprise.objects.first()
    assert enterprise is not None
    api = _api(user_factory("api-ent", enterprise, Role.ENTERPRISE_USER))
    response = api.post("/api/needs/", _payload(enterprise), format="json")
    assert response.status_code == 201, response.json()
    assert_matches_schema("/api/needs/", "post", 201, response.json())
    need = TechnologyNeed.objects.get(pk=response.json()["id"])
    assert need.status == "submitted" and need.events.count() == 1


def test_bad_submissions_are_refused_and_write_nothing(user_factory: Any) -> None:
    enterprise, other = Enterprise.objects.all()[:2]
    api = _api(user_factory("api-ent2", enterprise, Role.ENTERPRISE_USER))
    before = TechnologyNeed.objects.count()
    low = api.post("/api/needs/", _payload(enterprise, budget_max_cny="1.00"), format="json")
    assert low.status_code == 400 and "budget_max_cny" in low.json()
    foreign = api.post("/api/needs/", _payload(other), format="json")
    assert foreign.status_code == 400
    english = api.post("/api/needs/", _payload(other), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert "cannot submit" in str(english.json()).lower()
    assert TechnologyNeed.objects.count() == before


def test_matches_decisions_and_cases(
    small_index: PlatformIndex, user_factory: Any, monkeypatch: Any
) -> None:
    from techbridge.matching import serving as index_module

    monkeypatch.setattr(index_module, "_index", small_index)
    hq = user_factory("api-hq", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    api = _api(hq)
    need = TechnologyNeed.objects.filter(
        technology_field__code="sic-power", confidentiality="staff_only"
    ).first()
    assert need is not None
    matches = api.get(f"/api/needs/{need.pk}/matches/?type=institute")
    assert matches.status_code == 200
    assert_matches_schema(f"/api/needs/{need.pk}/matches/", "get", 200, matches.json())
    best = matches.json()[0]
    assert best["evidence"] and best["reason"]
    decision = api.post(
        f"/api/needs/{need.pk}/decisions/",
        {"resource_type": "institute", "resource_id": best["resource_id"], "action": "introduced"},
        format="json",
    )
    assert decision.status_code == 201
    assert_matches_schema(f"/api/needs/{need.pk}/decisions/", "post", 201, decision.json())
    cases = api.get("/api/cases/").json()
    assert_matches_schema("/api/cases/", "get", 200, cases)
    case = next(c for c in cases["results"] if c["need"] == need.pk)
    moved = api.post(f"/api/cases/{case['id']}/move/", {"to_stage": "in_contact"}, format="json")
    assert moved.status_code == 200 and moved.json()["stage"] == "in_contact"
    assert_matches_schema(f"/api/cases/{case['id']}/move/", "post", 200, moved.json())
    backwards = api.post(
        f"/api/cases/{case['id']}/move/", {"to_stage": "introduced"}, format="json"
    )
    assert backwards.status_code == 400
    # An outsider neither reads the matches nor the case.
    outsider = _api(
        user_factory(
            "api-out", Enterprise.objects.exclude(pk=need.enterprise_id)[0], Role.ENTERPRISE_USER
        )
    )
    assert outsider.get(f"/api/needs/{need.pk}/matches/").status_code == 404
    assert outsider.get(f"/api/cases/{case['id']}/").status_code == 404
