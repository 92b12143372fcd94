"""Wrong passwords lock a sign-in out, on the form, the admin and the API alike."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "pw-123456"


def _basic(username: str, password: str) -> Any:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def person(user_factory: Any) -> Any:
    return user_factory("throttled", email="t@example.org")


def test_the_right_password_after_many_wrong_ones_is_refused(person: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = client.post("/accounts/login/", {"username": "throttled", "password": "nope"})
        assert wrong.status_code == 200  # the form again, with its error
    last = client.post("/accounts/login/", {"username": "throttled", "password": "nope"})
    assert last.status_code == 429  # the failure that reaches the limit locks the sign-in
    locked = client.post("/accounts/login/", {"username": "throttled", "password": PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    english = client.post("/en/accounts/login/", {"username": "throttled", "password": PASSWORD})
    assert english.status_code == 429 and "Too many failed sign-ins" in english.content.decode()


def test_a_few_wrong_passwords_do_not_lock_anyone_out(person: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": "throttled", "password": "nope"})
    right = client.post("/accounts/login/", {"username": "throttled", "password": PASSWORD})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_api_answers_401_with_a_challenge_and_locks_out_too(person: Any) -> None:
    client = Client()
    anonymous = client.get("/api/needs/")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"]  # a challenge
    wrong = client.get("/api/needs/", **_basic("throttled", "nope"))
    assert wrong.status_code == 401 and wrong["WWW-Authenticate"]
    right = client.get("/api/industries/", **_basic("throttled", PASSWORD))
    assert right.status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.get("/api/needs/", **_basic("throttled", "nope"))
    locked = client.get("/api/industries/", **_basic("throttled", PASSWORD))
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.json()["detail"]
    assert int(locked["Retry-After"]) > 0


def test_one_address_guessing_many_accounts_is_locked_out(user_factory: Any) -> None:
    user_factory("victim")
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.get("/api/needs/", **_basic(f"nobody-{n}", "guess"))
    # Every further attempt from that address is refused before any password is checked.
    assert client.get("/api/industries/", **_basic("victim", PASSWORD)).status_code == 429
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    assert other_address.get("/api/industries/", **_basic("victim", PASSWORD)).status_code == 200
