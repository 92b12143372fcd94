"""Input no database integer or date can hold is refused with a 400 (API) or ignored with a
message (pages), never a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from techbridge.talent.models import Fellow

pytestmark = pytest.mark.django_db

HUGE = "393964570116955308032"


@pytest.fixture
def hq() -> Any:
    return get_user_model().objects.get(username="hq")


@pytest.fixture
def api(hq: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(hq)
    return client


@pytest.fixture
def web(hq: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(hq)
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/api/cases/?institute={HUGE}",
        f"/api/contracts/?contractor={HUGE}",
        f"/api/experts/?organisation={HUGE}",
        f"/api/needs/?technology_field={HUGE}",
        "/api/needs/?submitted_on__year=99999",
        "/api/contracts/?signed_on__year=0",
    ],
)
def test_out_of_range_filters_answer_400_in_the_readers_language(api: APIClient, url: str) -> None:
    chinese = api.get(url)
    english = api.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert chinese.status_code == english.status_code == 400, chinese.content
    assert chinese.json() != english.json()  # the same error, in each language


def test_a_huge_page_size_is_capped(api: APIClient) -> None:
    body = api.get(f"/api/industries/?limit={HUGE}").json()
    assert body["count"] > 0 and len(body["results"]) <= 1000
    assert api.get(f"/api/industries/?offset={HUGE}").json()["results"] == []


def test_a_huge_id_in_a_body_is_no_such_record(api: APIClient) -> None:
    fellow = Fellow.objects.order_by("pk")[0]
    answer = api.patch(f"/api/fellows/{fellow.pk}/", {"institute": int(HUGE)}, format="json")
    assert answer.status_code == 400
    assert "institute" in answer.json()
    fellow.refresh_from_db()
    assert fellow.institute_id != int(HUGE)


@pytest.mark.parametrize(
    "url",
    [
        "/needs/?submitted_on__year=99999",
        "/needs/export.csv?submitted_on__year=99999",
        f"/registers/cases/?institute={HUGE}",
        f"/registers/contracts/?contractor={HUGE}",
        "/?year=99999",
        "/?year=abc",
    ],
)
def test_pages_ignore_out_of_range_filters(web: Client, url: str) -> None:
    assert web.get(url).status_code == 200
