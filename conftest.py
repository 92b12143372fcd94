"""Fixtures shared by every app's tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from techbridge.testing import demo_database
from techbridge.testing.browser import (  # noqa: F401 (fixtures)
    chromium,
    demo_server,
    page,
    person,
)
from techbridge.testing.grouping import group_demo_server_tests
from techbridge.testing.ldap import ldap_directory  # noqa: F401 (fixture)
from techbridge.testing.matching import small_index  # noqa: F401 (fixture)
from techbridge.testing.redis import redis_url  # noqa: F401 (fixture)
from techbridge.testing.run_all import SINGLE_PASS_DIRS

#: Whether the tests of this run read the demo network (set once they are collected).
NEEDS_DEMO = pytest.StashKey[bool]()
#: The folder the processes of this run share, when this process made it.
OWN_RUN_FOLDER = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """The first pytest process of a run makes the folder its processes share (the demo
    database is built there once); pytest-xdist's workers inherit its name."""
    if not os.environ.get(demo_database.RUN_FOLDER):
        folder = Path(tempfile.mkdtemp(prefix="techbridge-run-"))
        os.environ[demo_database.RUN_FOLDER] = str(folder)
        config.stash[OWN_RUN_FOLDER] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(OWN_RUN_FOLDER, None)
    if folder is None:
        return
    import psycopg

    with contextlib.suppress(psycopg.Error):  # the server may be gone already
        demo_database.drop_demo_databases(folder)
    shutil.rmtree(folder, ignore_errors=True)
    os.environ.pop(demo_database.RUN_FOLDER, None)


def _uses_database(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(
        names & {"db", "transactional_db"}
    )


def pytest_collection_finish(session: pytest.Session) -> None:
    """A run of unit tests only (marked ``unit``: their data come from the apps' factories)
    does not load the demo network; any other database test does."""
    session.config.stash[NEEDS_DEMO] = any(
        _uses_database(item) and item.get_closest_marker("unit") is None for item in session.items
    )


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: Any, django_db_blocker: Any, request: pytest.FixtureRequest
) -> Iterator[None]:
    """Database tests start from the demo network (each test rolls back its changes), except
    in a run of unit tests only, which starts from an empty database. A unit test must hold
    in both: it reads only the records it made. The test database is a copy of the run's
    demo database (see :mod:`techbridge.testing.demo_database`)."""
    if request.config.stash.get(NEEDS_DEMO, True):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        url = demo_database.demo_database(
            Path(os.environ[demo_database.RUN_FOLDER]), os.environ.get("DATABASE_URL", "")
        )
        with django_db_blocker.unblock():
            demo_database.copy_into_connection(url, connection)
        # The copy numbers its content types in its own order.
        ContentType.objects.clear_cache()
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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    group_demo_server_tests(items)
    root = config.rootpath
    for item in items:
        where = item.path.relative_to(root).as_posix() if item.path.is_relative_to(root) else ""
        if where.startswith(SINGLE_PASS_DIRS):
            item.add_marker(pytest.mark.single_pass)
