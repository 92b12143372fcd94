"""Security events land in the audit log: failed sign-ins, lockouts, refused requests (pages
and API) and exports, each with who, from where and what."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from techbridge.accounts import security
from techbridge.core.choices import Role
from techbridge.organisations.models import Enterprise

pytestmark = pytest.mark.django_db


def _events(kind: str) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, additional_data__security=kind
        ).order_by("pk")
    )


def test_failed_sign_ins_and_the_lockout_are_logged(user_factory: Any) -> None:
    person = user_factory("guessed", email="g@example.org")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "guessed", "password": "nope"})
    failed = _events(security.LOGIN_FAILED)
    assert len(failed) >= settings.AXES_FAILURE_LIMIT - 1
    first = failed[0]
    assert first.object_pk == str(person.pk) and first.actor is None
    assert first.additional_data["ip"] == "203.0.113.7"
    assert first.additional_data["username"] == "guessed"
    assert first.additional_data["path"] == "/accounts/login/"
    (locked,) = _events(security.LOCKED_OUT)
    assert locked.object_pk == str(person.pk)
    # an unknown account is logged by the name tried
    client.post("/accounts/login/", {"username": "nobody-here", "password": "x"})
    assert _events(security.LOGIN_FAILED)[-1].object_repr in ("nobody-here", "")


def test_refused_requests_are_logged_with_the_user(user_factory: Any) -> None:
    user = user_factory("nosy", Enterprise.objects.order_by("pk").first(), Role.ENTERPRISE_USER)
    client = Client()
    client.force_login(user)
    assert client.get("/api/contracts/").status_code == 403
    assert client.get("/registers/institutes/").status_code == 403
    denied = _events(security.DENIED)
    assert [e.additional_data["path"] for e in denied] == [
        "/api/contracts/",
        "/registers/institutes/",
    ]
    assert all(e.actor_id == user.pk for e in denied)


def test_exports_are_logged_with_what_was_exported(user_factory: Any) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="hq"))
    response = client.get("/registers/institutes/export.csv", {"q": "研究所"})
    assert response.status_code == 200
    needs = client.get("/needs/export.xlsx")
    assert needs.status_code == 200
    first, second = _events(security.EXPORT)
    assert first.additional_data["register"] == "institutes"
    assert first.additional_data["format"] == "csv"
    assert first.additional_data["rows"] == response.content.decode("utf-8-sig").count("\n") - 1
    assert "q=" in first.additional_data["query"]
    assert second.additional_data["register"] == "needs" and second.actor.username == "hq"
