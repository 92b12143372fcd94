"""The demo network, built once per test run and copied wherever a test starts from it.

Building the demo network costs about half a minute of CPU (the migrations, then some 55,000
records); copying a built database costs a second or two: ``CREATE DATABASE ... TEMPLATE`` on
PostgreSQL, SQLite's online backup on SQLite. The first test process of a run that needs it
builds it with ``techbridge demo --no-serve``, as a user's first command would, under a file
lock the other test workers wait on; each worker's test database, each demo server's
database and the backup test's database are copies of it. It is built on a copy of the
run's migrated database without records (``techbridge migrate``), which the register round
trip imports into.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock

#: The environment variable naming the folder every process of a test run shares (set by the
#: run's first pytest process; pytest-xdist's workers inherit it).
RUN_FOLDER = "TECHBRIDGE_TEST_RUN_FOLDER"
#: The settings the test suite runs under.
TEST_SETTINGS = "techbridge.testing.settings"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def _maintenance(url: str) -> Any:
    """An autocommit connection to the ``postgres`` database of the server at ``url``."""
    import psycopg

    return psycopg.connect(_with_database(url, "postgres"), autocommit=True)


def _with_database(url: str, name: str) -> str:
    """``url`` (Django-environ syntax) naming the database ``name`` instead of its own."""
    head, _, query = url.partition("?")
    scheme, _, rest = head.partition("://")
    at = rest.rsplit("/", 1)[0] if "/" in rest else rest
    return f"{scheme}://{at}/{name}" + (f"?{query}" if query else "")


def _name(url: str) -> str:
    """The database name in ``url``."""
    return url.partition("?")[0].rsplit("/", 1)[1]


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a database name: {name!r}")
    return f'"{name}"'


#: What a template database holds: the command that builds it from a new, empty database.
COMMANDS = {
    # the demo network, as a user's first command builds it (no text is encoded: the index is
    # built where needed)
    "demo": ("demo", "--no-serve", "--skip-checks"),
    # every migration and no record: a new platform
    "empty": ("migrate", "--verbosity", "0"),
}


def build(url: str, data_dir: Path, kind: str = "demo") -> None:
    """Build the template database ``kind`` (:data:`COMMANDS`) in the new database at ``url``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        # The test settings (a fast password hasher), as in the pytest processes.
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", TEST_SETTINGS),
        "DATABASE_URL": url,
        "TECHBRIDGE_DEMO": "1",
        "TECHBRIDGE_DEMO_ENCODE": "0",
        # The jobs the demo's records start run as they are committed, as in the tests
        # (nothing is left queued in the copies).
        "TECHBRIDGE_JOBS_SYNC": "1",
        "TECHBRIDGE_MATCHING_AUTOBUILD": "0",
        "TECHBRIDGE_DATA_DIR": str(data_dir),
    }
    done = subprocess.run(
        [sys.executable, "-m", "techbridge.cli", *COMMANDS[kind]],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"the {kind} database could not be built:\n{done.stdout}{done.stderr}")
    if is_postgres(url):
        # The planner's statistics travel with each copy; the copies' own activity counters
        # start at zero, so autovacuum would never gather them there.
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")


def demo_database(shared: Path, server_url: str, kind: str = "demo") -> str:
    """The ``DATABASE_URL`` of this run's demo database (or, with ``kind="empty"``, of its
    migrated database without records), built on first use.

    ``shared`` is a folder every process of the run sees (pytest-xdist's workers share the
    parent of their temporary folders); ``server_url`` is the database under test: the
    template is a file in ``shared`` for SQLite, a database of the same server for PostgreSQL.
    """
    key = hashlib.sha1(server_url.encode()).hexdigest()[:10]
    record = shared / f"{kind}-database-{key}.json"
    with FileLock(str(shared / f"{kind}-database-{key}.lock")):
        if record.exists():
            return str(json.loads(record.read_text())["url"])
        run = hashlib.sha1(str(shared).encode()).hexdigest()[:10]
        name = f"techbridge_{kind}_{run}"
        path = shared / f"{kind}-{key}.sqlite3"
        if kind != "empty":
            # Built on a copy of the migrated database, which is thus made on the way.
            empty = demo_database(shared, server_url, "empty")
            url = copy_to_database(empty, name) if is_postgres(empty) else copy_to_file(empty, path)
        elif is_postgres(server_url):
            with _maintenance(server_url) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {_quote(name)}")
            url = _with_database(server_url, name)
        else:
            url = f"sqlite:///{path}"
        build(url, shared / f"{kind}-data-{key}", kind)
        record.write_text(json.dumps({"url": url}))
        return url


def drop_database(url: str) -> None:
    """Drop the PostgreSQL database at ``url`` (a SQLite file is left to its folder)."""
    if is_postgres(url):
        with _maintenance(url) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {_quote(_name(url))} WITH (FORCE)")


def drop_demo_databases(shared: Path) -> None:
    """Drop the run's PostgreSQL template databases (a SQLite one is a file in ``shared``)."""
    for record in shared.glob("*-database-*.json"):
        drop_database(str(json.loads(record.read_text())["url"]))
        record.unlink()


def copy_to_database(template_url: str, name: str) -> str:
    """A new PostgreSQL database ``name`` (replacing one of that name) holding a copy of the
    database at ``template_url``; its URL."""
    template = _name(template_url)
    with _maintenance(template_url) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")
        version = conn.execute("SHOW server_version_num").fetchone()
        # A file copy is the fast way for a large database (PostgreSQL 15 and later).
        strategy = " STRATEGY FILE_COPY" if version and int(version[0]) >= 150000 else ""
        conn.execute(f"CREATE DATABASE {_quote(name)} TEMPLATE {_quote(template)}{strategy}")
    return _with_database(template_url, name)


def _backup(template_url: str, target: sqlite3.Connection) -> None:
    """Copy the SQLite database at ``template_url`` into ``target`` (SQLite's online backup)."""
    source = sqlite3.connect(template_url.removeprefix("sqlite:///"))
    try:
        source.backup(target)
    finally:
        source.close()


def copy_to_file(template_url: str, path: Path) -> str:
    """A SQLite file at ``path`` (replacing it) holding a copy of the SQLite database at
    ``template_url``; its URL."""
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    target = sqlite3.connect(path)
    try:
        _backup(template_url, target)
    finally:
        target.close()
    return f"sqlite:///{path}"


def copy_of(kind: str, folder: Path, name: str) -> str:
    """A database of a test's own on the database under test (``DATABASE_URL``) holding a copy
    of the run's template ``kind`` (:data:`COMMANDS`): PostgreSQL database ``name`` and the
    test worker's name on the same server, or SQLite file ``name.sqlite3`` in ``folder``
    (either replacing one of that name). Returns its URL."""
    template = demo_database(Path(os.environ[RUN_FOLDER]), os.environ.get("DATABASE_URL", ""), kind)
    if not is_postgres(template):
        return copy_to_file(template, folder / f"{name}.sqlite3")
    return copy_to_database(template, f"{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")


@contextlib.contextmanager
def empty_database(folder: Path, name: str) -> Iterator[str]:
    """A new database of the test's own, as ``techbridge migrate`` leaves one (:func:`copy_of`
    the ``empty`` template); a PostgreSQL one is dropped afterwards. Yields its URL."""
    url = copy_of("empty", folder, name)
    try:
        yield url
    finally:
        if is_postgres(url):
            drop_database(url)


def copy_into_connection(template_url: str, connection: Any) -> None:
    """Replace what the test database of Django's ``connection`` holds by a copy of the demo
    database (each test then rolls back its own changes, as usual)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        _backup(template_url, connection.connection)
        return
    name = connection.settings_dict["NAME"]
    connection.close()
    copy_to_database(template_url, name)
