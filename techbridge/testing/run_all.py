"""Run the whole test suite: on SQLite, then on a real PostgreSQL server with pgvector.

Usage: ``python -m techbridge.testing.run_all [pytest args...]``. Set ``DATABASE_URL`` to
test against an existing PostgreSQL server instead of the embedded one; set
``TECHBRIDGE_TEST_DATABASES=sqlite`` (or ``postgres``) to run only one of the two. The whole
suite runs on every CPU (``TECHBRIDGE_TEST_WORKERS``, default ``auto``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from techbridge.testing.postgres import embedded_postgres


def _pytest(args: list[str], env: dict[str, str], label: str) -> int:
    print(f"\n===== TechBridge test suite on {label} =====", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)


def _parallel(argv: list[str]) -> list[str]:
    """The whole suite runs on every CPU (pytest-xdist; ``TECHBRIDGE_TEST_WORKERS`` sets how
    many, ``0`` runs in one process); a run of chosen tests stays in one process, since each
    worker first loads the demo network."""
    workers = os.environ.get("TECHBRIDGE_TEST_WORKERS", "auto")
    # A chosen test is a path (with or without ``::name``); an option's value such as
    # ``-p no:randomly`` or ``-k word`` is not.
    chosen = any(not a.startswith("-") and Path(a.split("::", 1)[0]).exists() for a in argv) or any(
        a.startswith("-n") for a in argv
    )
    if chosen or workers == "0":
        return argv
    return ["-n", workers, "--dist", "loadgroup", *argv]


def main(argv: list[str]) -> int:
    argv = _parallel(argv)
    wanted = os.environ.get("TECHBRIDGE_TEST_DATABASES", "sqlite,postgres").split(",")
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.setdefault("TECHBRIDGE_DEBUG", "0")
    results: dict[str, int] = {}
    if "sqlite" in wanted:
        results["SQLite"] = _pytest(argv, base, "SQLite")
    if "postgres" in wanted:
        # The engine is database-free: run its tests once, on the SQLite pass.
        pg_args = ["--ignore=techbridge/engine", "--ignore=techbridge_bench", *argv]
        if os.environ.get("DATABASE_URL"):
            results["PostgreSQL"] = _pytest(pg_args, dict(os.environ), "PostgreSQL")
        else:
            with embedded_postgres() as url:
                results["PostgreSQL"] = _pytest(
                    pg_args, {**base, "DATABASE_URL": url}, "PostgreSQL"
                )
    print("\n===== Summary =====")
    for label, code in results.items():
        print(f"{label}: {'passed' if code == 0 else f'FAILED (exit {code})'}")
    return max(results.values(), default=1)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
