"""The run's demo database: built once, and each copy holds the demo network and keeps its
own changes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from techbridge.needs.models import TechnologyNeed
from techbridge.testing import demo_database

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _execute(url: str, *statements: str) -> Any:
    """Run ``statements`` on the database at ``url`` through a connection of its own; the
    last one's first row (``None`` when it returns no rows)."""
    cursor: Any = None
    if demo_database.is_postgres(url):
        import psycopg

        with psycopg.connect(url) as conn:
            for statement in statements:
                cursor = conn.execute(statement)
            return cursor.fetchone() if cursor.description else None
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        for statement in statements:
            cursor = conn.execute(statement)
        return cursor.fetchone()


def _needs(url: str) -> int:
    """How many needs the database at ``url`` holds."""
    return int(_execute(url, "SELECT count(*) FROM needs_technologyneed")[0])


def _delete_needs(url: str) -> None:
    no_foreign_key_checks = (
        "SET session_replication_role = replica"
        if demo_database.is_postgres(url)
        else "PRAGMA foreign_keys = OFF"
    )
    _execute(url, no_foreign_key_checks, "DELETE FROM needs_technologyneed")


def test_a_copy_holds_the_demo_and_keeps_its_changes_to_itself(tmp_path: Path) -> None:
    server = os.environ.get("DATABASE_URL", "")
    folder = Path(os.environ[demo_database.RUN_FOLDER])
    template = demo_database.demo_database(folder, server)
    # Asked again, it is the same database, not a second build
    assert demo_database.demo_database(folder, server) == template
    # The test database is a copy: it has the demo's needs
    demo_needs = _needs(template)
    assert demo_needs > 1000
    assert TechnologyNeed.objects.count() == demo_needs
    if demo_database.is_postgres(server):
        copy = demo_database.copy_to_database(template, "techbridge_copy_test")
    else:
        copy = demo_database.copy_to_file(template, tmp_path / "copy.sqlite3")
    try:
        assert _needs(copy) == demo_needs
        _delete_needs(copy)
        assert _needs(copy) == 0
        assert _needs(template) == demo_needs
    finally:
        demo_database.drop_database(copy)
