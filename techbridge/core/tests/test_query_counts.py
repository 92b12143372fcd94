"""List pages and list endpoints ask the database a fixed number of times, however many rows
they show (no query per row)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from techbridge.cooperation.models import CooperationContract
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import Expert

pytestmark = pytest.mark.django_db


def _one_contract() -> str:
    return str(
        CooperationContract.objects.order_by("pk").values_list("contract_number", flat=True)[0]
    )


def _one_expert() -> str:
    return str(Expert.objects.exclude(email="").order_by("pk").values_list("email", flat=True)[0])


def _recent_day() -> str:
    """A day after which a few needs were submitted."""
    days = TechnologyNeed.objects.order_by("-submitted_on").values_list("submitted_on", flat=True)
    return days[3].isoformat()


# (path with a few rows, the same list with many rows); a few, not none: an empty page
# skips the queries that fetch what its rows show
LISTS = [
    (lambda: f"/needs/?submitted_on__gte={_recent_day()}", lambda: "/needs/"),
    (lambda: "/api/needs/?limit=2", lambda: "/api/needs/?limit=100"),
    (lambda: "/api/contracts/?limit=2", lambda: "/api/contracts/?limit=100"),
    (lambda: f"/registers/contracts/?q={_one_contract()}", lambda: "/registers/contracts/"),
    (lambda: f"/registers/experts/?q={_one_expert()}", lambda: "/registers/experts/"),
    (lambda: f"/cooperation/contracts/?q={_one_contract()}", lambda: "/cooperation/contracts/"),
]


def _queries(client: Client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    # rows: table rows on a page, records in an API list
    content = response.content
    rows = content.count(b'"id":') if path.startswith("/api/") else content.count(b"<tr")
    return len(captured), rows


@pytest.mark.parametrize(("few_path", "many_path"), LISTS, ids=[str(i) for i in range(len(LISTS))])
def test_a_list_takes_as_many_queries_for_many_rows_as_for_few(
    few_path: Callable[[], str], many_path: Callable[[], str]
) -> None:
    few, many = few_path(), many_path()
    client = Client()
    client.force_login(get_user_model().objects.get(username="hq"))
    client.get(many)  # warm per-process caches (content types, the menu's apps)
    few_queries, few_rows = _queries(client, few)
    many_queries, many_rows = _queries(client, many)
    assert many_rows > few_rows > 0  # the second really shows more rows
    assert many_queries <= few_queries, (few_queries, many_queries)


@pytest.mark.parametrize("username", ["enterprise", "expert", "pm"])
def test_a_need_list_asks_once_whoever_reads_it(username: str) -> None:
    """Whether a reader is named on each need of a list is asked once for the list."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.get("/needs/")
    few_queries, few_rows = _queries(client, f"/needs/?submitted_on__gte={_recent_day()}")
    many_queries, many_rows = _queries(client, "/needs/")
    assert many_rows > few_rows > 0
    assert many_queries <= few_queries, (few_queries, many_queries)


def test_the_home_dashboard_has_a_bounded_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="hq"))
    client.get("/")
    # (its figures and charts are one query each, not one per record)
    with django_assert_max_num_queries(100):
        assert client.get("/").status_code == 200
