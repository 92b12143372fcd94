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


def _needs(url: str) -> int:
    """How many needs the database at ``url`` holds, read by a connection of its own."""
    query = "SELECT count(*) FROM needs_technologyneed"
    row: Any
    if demo_database.is_postgres(url):
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            row = conn.execute(query).fetchone()
    else:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            row = conn.execute(query).fetchone()
    return int(row[0])


def _delete_needs(url: str) -> None:
    query = "DELETE FROM needs_technologyneed"
    if demo_database.is_postgres(url):
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            conn.execute("SET session_replication_role = replica")  # no foreign-key checks
            conn.execute(query)
    else:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.execute(query)


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
