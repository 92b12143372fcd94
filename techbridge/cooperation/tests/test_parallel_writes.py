"""Parallel submissions against a real server process: a double click, a retry, a busy day.

The server is the demo server of the browser tests (a separate process on its own SQLite
file, or on the PostgreSQL server under test); requests go over HTTP from many threads.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from techbridge.testing.browser import server_log

pytestmark = [pytest.mark.slow, pytest.mark.both_databases]

PASSWORD = "techbridge-demo"


class Session:
    """A signed-in browser-like session over plain HTTP (cookies and the CSRF token)."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.basic = base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
        self.get("/accounts/login/")
        status, _ = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert status in (200, 302)

    def _csrf(self) -> str:
        return next(str(c.value) for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def api(self, path: str) -> Any:
        request = urllib.request.Request(
            self.base + path, headers={"Authorization": f"Basic {self.basic}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())


def _contract_form(today: dt.date) -> dict[str, str]:
    return {
        "contract": "1",
        "contractor": "",  # filled per case
        "value_cny": "100000",
        "signed_on": today.isoformat(),
        "start_on": today.isoformat(),
        "end_on": (today + dt.timedelta(days=200)).isoformat(),
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "1",
        "milestones-MAX_NUM_FORMS": "1000",
        "milestones-0-title": "样机交付",
        "milestones-0-due_on": (today + dt.timedelta(days=100)).isoformat(),
        "milestones-0-amount_cny": "50000",
    }


def _open_cases(hq: Session, n: int) -> list[dict[str, Any]]:
    cases = hq.api("/api/cases/?stage=negotiating&limit=200")["results"]
    cases += hq.api("/api/cases/?stage=in_contact&limit=200")["results"]
    cases = [c for c in cases if c["contract"] is None and c["institute"]]
    assert len(cases) >= n, len(cases)
    return cases[:n]


def _contracts_of(hq: Session, case_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    url: str | None = "/api/contracts/?limit=1000"
    while url:
        page = hq.api(url.replace(hq.base, ""))
        rows += [c for c in page["results"] if c["case"] == case_id]
        url = page["next"]
    return rows


def test_twenty_submissions_of_one_contract_register_one(demo_server: str) -> None:
    # Given a case in negotiation and a contract form filled in
    hq = Session(demo_server, "hq")
    case = _open_cases(hq, 1)[0]
    form = {**_contract_form(dt.date.today()), "contractor": str(case["institute"])}
    # When the form is sent twenty times at once
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(
            pool.map(lambda _: hq.post(f"/cooperation/cases/{case['id']}/", form), range(20))
        )
    # Then no request failed, and exactly one contract (and one milestone) exists for the case
    assert all(status < 500 for status, _ in answers), (
        [s for s, _ in answers],
        server_log(demo_server),
    )
    contracts = _contracts_of(hq, case["id"])
    assert len(contracts) == 1, contracts
    milestones = hq.api(f"/api/contract-milestones/?contract={contracts[0]['id']}")
    assert milestones["count"] == 1
    assert hq.api(f"/api/cases/{case['id']}/")["contract"] == contracts[0]["id"]


def test_parallel_contracts_on_different_cases_get_distinct_numbers(demo_server: str) -> None:
    # Given eight cases in negotiation
    hq = Session(demo_server, "hq")
    cases = _open_cases(hq, 8)
    today = dt.date.today()

    def register(case: dict[str, Any]) -> int:
        form = {**_contract_form(today), "contractor": str(case["institute"])}
        return hq.post(f"/cooperation/cases/{case['id']}/", form)[0]

    # When their contracts are registered at the same moment
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(register, cases))
    # Then every one is registered, each under its own number
    assert all(status < 500 for status in statuses), (statuses, server_log(demo_server))
    numbers = [c["contract_number"] for case in cases for c in _contracts_of(hq, case["id"])]
    assert len(numbers) == 8
    assert len(set(numbers)) == 8
    assert all(n.startswith(f"JS{today.year}-") for n in numbers)
