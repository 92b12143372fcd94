"""Expert documents' keywords: the API and the expert's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from techbridge.core.choices import Role
from techbridge.organisations.models import Enterprise
from techbridge.people.models import Expert, ProfileDocument
from techbridge.testing.openapi import assert_matches_schema

pytestmark = pytest.mark.django_db


def _expert() -> Expert:
    expert = Expert.objects.filter(documents__isnull=False).order_by("pk").first()
    assert expert is not None
    return expert


@pytest.fixture
def hq() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="hq"))
    return client


def test_profile_document_keywords_through_the_api() -> None:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="hq"))
    payload = {
        "expert": _expert().pk,
        "kind": "paper",
        "title": "Edge termination for gallium oxide power devices",
        "abstract": "We report an edge termination.",
        "language": "en",
        "year": 2021,
        "keywords": "gallium oxide; edge termination, Gallium Oxide",
    }
    created = client.post("/api/profile-documents/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert_matches_schema("/api/profile-documents/", "post", 201, created.json())
    read = client.get(f"/api/profile-documents/{created.json()['id']}/")
    assert read.json()["keywords"] == "gallium oxide; edge termination, Gallium Oxide"
    stored = ProfileDocument.objects.get(pk=created.json()["id"])
    assert stored.keyword_list == ("gallium oxide", "edge termination")


def test_expert_page_shows_each_document_s_keywords(hq: Client) -> None:
    # Given an expert with one document with keywords and one without
    expert = _expert()
    with_keywords, without = expert.documents.order_by("pk")[:2]
    with_keywords.keywords = "碳化硅外延、缺陷表征；SiC"
    with_keywords.save()
    without.keywords = ""
    without.save()
    # When staff open the expert's page
    response = hq.get(f"/experts/{expert.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    # Then the first document shows its keywords as badges, the second none
    first = html.split(f'data-document="{with_keywords.pk}"', 1)[1].split('data-testid="document"')[
        0
    ]
    for keyword in ("碳化硅外延", "缺陷表征", "SiC"):
        assert f'<span class="badge bg-blue-lt me-1">{keyword}</span>' in first
    second = html.split(f'data-document="{without.pk}"', 1)[1].split('data-testid="document"')[0]
    assert without.title in second and 'data-testid="keywords"' not in second
    assert list(response.context["documents"]) == list(expert.documents.order_by("-year", "title"))
    assert hq.get(f"/en/experts/{expert.pk}/").status_code == 200


def test_expert_page_is_for_network_staff(hq: Client, user_factory: Any) -> None:
    enterprise = Enterprise.objects.order_by("pk").first()
    client = Client()
    client.force_login(user_factory("kw-enterprise-user", enterprise, Role.ENTERPRISE_USER))
    assert client.get(f"/experts/{_expert().pk}/").status_code == 403
    assert Client().get(f"/experts/{_expert().pk}/").status_code == 302
    assert hq.get("/experts/999999999/").status_code == 404
