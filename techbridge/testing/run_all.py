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
on every CPU (``TECHBRIDGE_TEST_WORKERS``, default ``auto``).

The two passes of the whole suite run at the same time: many tests wait on other processes
(servers starting, jobs handed out again, a browser), and one pass's waits are the other's
CPU time. The PostgreSQL pass prints as it goes; the SQLite pass (on half the CPUs) writes to
a log that is printed when both are done.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from techbridge.testing.postgres import embedded_postgres

#: The folders of the tests that read none of the suite's databases: the root conftest marks
#: them ``single_pass``, and the PostgreSQL pass leaves them out when the SQLite pass runs.
SINGLE_PASS_DIRS = ("techbridge/engine/", "techbridge_bench/")

#: The tests of the whole suite's SQLite pass (every test runs on the PostgreSQL pass but those
#: marked ``single_pass``).
SQLITE_PASS = "both_databases or single_pass"


def _pytest(args: list[str], env: dict[str, str], label: str) -> int:
    print(f"\n===== TechBridge test suite on {label} =====", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)


def _in_background(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "pytest", *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def _half_the_workers(argv: list[str]) -> list[str]:
    """``argv`` of the whole suite (``-n auto``) on half the CPUs, for a pass that runs beside
    another."""
    out = list(argv)
    if "-n" in out and out[out.index("-n") + 1] == "auto":
        out[out.index("-n") + 1] = str(max(1, (os.cpu_count() or 2) // 2))
    return out


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


def _postgres_pass(argv: list[str], base: dict[str, str], *, once: bool) -> int:
    """The PostgreSQL pass: on ``DATABASE_URL``'s server, or on an embedded one. With
    ``once``, without the tests that run on the SQLite pass only."""
    if once:
        argv = [f"--ignore={folder.rstrip('/')}" for folder in SINGLE_PASS_DIRS] + argv
    if os.environ.get("DATABASE_URL"):
        return _pytest(argv, dict(os.environ), "PostgreSQL")
    with embedded_postgres() as url:
        return _pytest(argv, {**base, "DATABASE_URL": url}, "PostgreSQL")


def main(argv: list[str]) -> int:
    wanted = os.environ.get("TECHBRIDGE_TEST_DATABASES", "sqlite,postgres").split(",")
    split = not _chosen(argv) and "sqlite" in wanted and "postgres" in wanted
    argv = _parallel(argv)
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.setdefault("TECHBRIDGE_DEBUG", "0")
    results: dict[str, int] = {}
    beside: subprocess.Popen[bytes] | None = None
    log = Path(tempfile.gettempdir())
    if split:
        log = Path(tempfile.mkdtemp(prefix="techbridge-tests-")) / "sqlite.log"
        print(f"\n===== TechBridge test suite on SQLite: beside PostgreSQL, log in {log}")
        beside = _in_background(_half_the_workers(_marked(argv, SQLITE_PASS)), base, log)
    elif "sqlite" in wanted:
        results["SQLite"] = _pytest(argv, base, "SQLite")
    try:
        if "postgres" in wanted:
            results["PostgreSQL"] = _postgres_pass(argv, base, once=split)
        if beside is not None:
            results = {"SQLite": beside.wait(), **results}
            print("\n===== TechBridge test suite on SQLite =====", flush=True)
            sys.stdout.buffer.write(log.read_bytes())
            sys.stdout.flush()
    finally:
        if beside is not None and beside.poll() is None:
            beside.terminate()
            beside.wait()
    print("\n===== Summary =====")
    for label, code in results.items():
        print(f"{label}: {'passed' if code == 0 else f'FAILED (exit {code})'}")
    return max(results.values(), default=1)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
