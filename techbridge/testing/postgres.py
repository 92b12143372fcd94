"""A throw-away PostgreSQL server with pgvector for the test suite.

The server comes from the ``pgserver`` wheel (PostgreSQL 16 with pgvector), so no system
package or hand-installed server is needed. It listens on a Unix socket in a temporary
directory and is stopped when the context ends.
"""

from __future__ import annotations

import contextlib
import tempfile
import urllib.parse
from collections.abc import Iterator


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    """Start a server; yield a ``DATABASE_URL`` for it (Django-environ syntax)."""
    import pgserver

    with tempfile.TemporaryDirectory(prefix="techbridge-pg-") as data_dir:
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        try:
            # In template1 too: the test databases are made from it, without migrations.
            server.psql(
                "CREATE EXTENSION IF NOT EXISTS vector;\n\\c template1\n"
                "CREATE EXTENSION IF NOT EXISTS vector;\n"
            )
            query = urllib.parse.urlparse(server.get_uri()).query
            socket_dir = urllib.parse.parse_qs(query)["host"][0]
            yield f"postgres://postgres@/postgres?host={socket_dir}"
        finally:
            server.cleanup()
