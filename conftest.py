"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from techbridge.testing.browser import chromium, demo_server, page  # noqa: F401 (fixtures)
from techbridge.testing.ldap import ldap_directory  # noqa: F401 (fixture)
from techbridge.testing.matching import small_index  # noqa: F401 (fixture)
from techbridge.testing.redis import redis_url  # noqa: F401 (fixture)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Every database test starts from the demo network (each test rolls back its changes)."""
    from techbridge.demo.generator import generate_demo

    with django_db_blocker.unblock():
        generate_demo(seed=2020)
    yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language: a request's language stays active in its
    thread afterwards (as in a server thread, where the next request sets its own), and
    tests that call services directly must not inherit the language of an earlier test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def user_factory(db: None) -> Any:
    """Make a user with a membership: ``user_factory("name", org, role)``."""
    from django.contrib.auth import get_user_model

    from techbridge.accounts.models import Membership

    def make(username: str, organisation: Any = None, role: str | None = None, **extra: Any) -> Any:
        user = get_user_model().objects.create_user(
            username=username, password="pw-123456", **extra
        )
        if organisation is not None and role is not None:
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on the shared demo server run on one worker (``--dist loadgroup``): one server
    is started per worker that needs it, and starting it takes a minute."""
    for item in items:
        if "demo_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("demo_server"))
