"""The system check of the matching's database: pgvector recent enough for the shared index."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from techbridge.matching.checks import MIN_PGVECTOR, check_pgvector, pgvector_version, version_tuple

pytestmark = pytest.mark.both_databases


def test_versions_compare_by_their_numbers() -> None:
    assert version_tuple("0.8.6") == (0, 8, 6)
    assert version_tuple("0.10.0") > version_tuple("0.9.1")
    assert version_tuple("0.6.2") < MIN_PGVECTOR <= version_tuple("0.7.0")
    assert version_tuple("0.7.0-dev") == (0, 7)


@pytest.mark.django_db
def test_the_database_passes_the_check() -> None:
    # The suite's servers have a recent pgvector; SQLite has no shared index to check
    if connection.vendor == "postgresql":
        version = pgvector_version("default")
        assert version is not None and version_tuple(version) >= MIN_PGVECTOR
    assert check_pgvector(databases=["default"]) == []
    call_command("check", "--database", "default")
