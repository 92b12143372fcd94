"""Which matching index this deployment serves from: the backend follows the database."""

from __future__ import annotations

from django.db import connection


def uses_shared_index() -> bool:
    """Whether this deployment's matching index is the shared one (its database is
    PostgreSQL)."""
    return connection.vendor == "postgresql"
