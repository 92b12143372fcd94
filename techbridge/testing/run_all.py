"""Run the test suite on SQLite and on a real PostgreSQL server with pgvector.

Usage: ``python -m techbridge.testing.run_all [pytest args...]``. Set ``DATABASE_URL`` to
test against an existing PostgreSQL server instead of the embedded one; set
``TECHBRIDGE_TEST_DATABASES=sqlite`` (or ``postgres``) to run only one of the two.

The whole suite runs each test on the database it speaks to: every test on PostgreSQL, the
production database; on SQLite, the embedded default, the tests of what differs between the
two (marked ``both_databases``: the matching backend, SQL written per database, backups,
processes sharing one database) and those that read no database of the suite's (marked
``single_pass``: the engine, the benchmarks), which run on this pass only. Chosen tests (paths
given), or a run on one database, run whole on each database asked for. The whole suite runs
on every CPU (``TECHBRIDGE_TEST_WORKERS``, default ``auto``); the demo database of each pass
is built before the passes, both at once (see :mod:`techbridge.testing.demo_database`), unless
the run only lists the tests (``--collect-only``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

from techbridge.testing import demo_database
from techbridge.testing.postgres import embedded_postgres

#: The folders of the tests that read none of the suite's databases: the root conftest marks
#: them ``single_pass``.
SINGLE_PASS_DIRS = ("techbridge/engine/", "techbridge_bench/")

#: The tests of the whole suite's SQLite pass.
SQLITE_PASS = "both_databases or single_pass"
#: The tests of the whole suite's PostgreSQL pass: all but those the SQLite pass runs alone.
#: (A mark, not ``--ignore``: pytest does not ignore a folder named in ``testpaths``.)
POSTGRES_PASS = "not single_pass"


def _pytest(args: list[str], env: dict[str, str], label: str) -> int:
    print(f"\n===== TechBridge test suite on {label} =====", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)


def _chosen(argv: list[str]) -> bool:
    """Whether ``argv`` names tests: a path (with or without ``::name``); an option's value
    such as ``-p no:randomly`` or ``-k word`` is not one."""
    return any(not a.startswith("-") and Path(a.split("::", 1)[0]).exists() for a in argv)


def _parallel(argv: list[str]) -> list[str]:
    """The whole suite runs on every CPU (pytest-xdist; ``TECHBRIDGE_TEST_WORKERS`` sets how
    many, ``0`` runs in one process); a run of chosen tests stays in one process, since each
    worker first loads the demo network."""
    workers = os.environ.get("TECHBRIDGE_TEST_WORKERS", "auto")
    if _chosen(argv) or any(a.startswith("-n") for a in argv) or workers == "0":
        return argv
    return ["-n", workers, "--dist", "loadgroup", *argv]


def _listing(argv: list[str]) -> bool:
    """Whether ``argv`` only lists the tests (``--collect-only``): no test reads a database."""
    return any(a in ("--collect-only", "--co") for a in argv)


def _marked(argv: list[str], expression: str) -> list[str]:
    """``argv`` selecting only the tests marked as ``expression`` says, within any ``-m`` of
    its own."""
    out = list(argv)
    for i, a in enumerate(out):
        if a == "-m" and i + 1 < len(out):
            out[i + 1] = f"({out[i + 1]}) and ({expression})"
            return out
        if a.startswith("-m") and len(a) > 2 and not a.startswith("-m-"):
            out[i] = f"-m({a[2:]}) and ({expression})"
            return out
    return [*out, "-m", expression]


def _prepare_demo_databases(folder: Path, servers: list[str]) -> None:
    """Build the demo database of each pass side by side (one process each), before the
    passes start: a pass's workers then copy theirs at once instead of waiting for one of them
    to build it."""
    with ThreadPoolExecutor(max_workers=len(servers)) as pool:
        for future in [pool.submit(demo_database.demo_database, folder, url) for url in servers]:
            future.result()


def main(argv: list[str]) -> int:
    # Every test process (pytest's workers, the servers, job workers and commands the tests
    # start) imports the same modules: each compiles them again, and pytest rewrites the test
    # modules' assertions again, unless Python may keep its bytecode caches (its default;
    # `__pycache__` folders, which git ignores).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    wanted = os.environ.get("TECHBRIDGE_TEST_DATABASES", "sqlite,postgres").split(",")
    split = not _chosen(argv) and "sqlite" in wanted and "postgres" in wanted
    argv = _parallel(argv)
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.setdefault("TECHBRIDGE_DEBUG", "0")
    results: dict[str, int] = {}
    # One folder for the whole run: the pytest processes of both passes share it.
    folder = Path(tempfile.mkdtemp(prefix="techbridge-run-"))
    base[demo_database.RUN_FOLDER] = str(folder)
    try:
        with contextlib.ExitStack() as stack:
            pg_url = ""
            if "postgres" in wanted:
                pg_url = os.environ.get("DATABASE_URL") or stack.enter_context(embedded_postgres())
            if split and not _listing(argv):
                _prepare_demo_databases(folder, ["", pg_url])
            if "sqlite" in wanted:
                sqlite_args = _marked(argv, SQLITE_PASS) if split else argv
                results["SQLite"] = _pytest(sqlite_args, base, "SQLite")
            if "postgres" in wanted:
                pg_args = _marked(argv, POSTGRES_PASS) if split else argv
                results["PostgreSQL"] = _pytest(
                    pg_args, {**base, "DATABASE_URL": pg_url}, "PostgreSQL"
                )
            with contextlib.suppress(psycopg.Error):  # a server of the user's may be gone
                demo_database.drop_demo_databases(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\n===== Summary =====")
    for label, code in results.items():
        print(f"{label}: {'passed' if code == 0 else f'FAILED (exit {code})'}")
    return max(results.values(), default=1)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
