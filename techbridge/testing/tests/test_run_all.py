"""``./techbridge.sh test`` runs the whole suite on every CPU, and chosen tests in one process;
the whole suite's SQLite pass takes the tests marked for it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from techbridge.testing.run_all import POSTGRES_PASS, SQLITE_PASS, _listing, _marked, _parallel

pytestmark = pytest.mark.unit

PARALLEL = ["-n", "auto", "--dist", "loadgroup"]


@pytest.mark.parametrize(
    "argv",
    [[], ["-q"], ["-p", "no:randomly"], ["-k", "contract", "--durations", "20"], ["-m", "unit"]],
)
def test_the_whole_suite_with_options_runs_in_parallel(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TECHBRIDGE_TEST_WORKERS", raising=False)
    assert _parallel(argv) == [*PARALLEL, *argv]


@pytest.mark.parametrize(
    "argv",
    [
        ["techbridge/needs"],
        ["-q", "techbridge/testing/tests/test_run_all.py::test_chosen_tests_run_in_one_process"],
        ["-n", "0"],
    ],
)
def test_chosen_tests_run_in_one_process(argv: list[str]) -> None:
    assert _parallel(argv) == argv


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["-q"], ["-q", "-m", "both_databases"]),
        (["-m", "not slow", "-q"], ["-m", "(not slow) and (both_databases)", "-q"]),
        (["-mnot slow"], ["-m(not slow) and (both_databases)"]),
    ],
)
def test_a_pass_keeps_the_runs_own_mark_expression(argv: list[str], expected: list[str]) -> None:
    assert _marked(argv, "both_databases") == expected


@pytest.mark.parametrize(
    ("argv", "listing"),
    [
        (["--collect-only", "-q"], True),
        (["-q", "--co"], True),
        (["-q"], False),
        (["-k", "collect_only"], False),
        (["techbridge/needs"], False),
    ],
)
def test_a_listing_of_the_tests_builds_no_demo_database(argv: list[str], listing: bool) -> None:
    assert _listing(argv) is listing


def _collected(expression: str) -> set[str]:
    """The test files that the whole suite's pass selecting ``expression`` collects (without
    ``DATABASE_URL``: on PostgreSQL, the API fuzzing would build every operation's cases)."""
    marks = _marked([], expression)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", *marks],
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {line.split("::", 1)[0] for line in done.stdout.splitlines() if "::" in line}


def test_the_sqlite_pass_of_the_whole_suite_takes_what_differs_and_what_runs_once() -> None:
    """What the SQLite pass of the whole suite collects: the engine and the matching backend,
    not the pages that read the database the same way on both."""
    files = _collected(SQLITE_PASS)
    assert "techbridge/engine/tests/test_matcher.py" in files  # single_pass
    assert "techbridge/matching/tests/test_matching.py" in files  # both_databases
    assert "techbridge/core/tests/test_backup_restore.py" in files
    assert "techbridge/needs/tests/test_pages.py" not in files
    assert not any(f.startswith("techbridge/registers/") for f in files)


def test_the_postgresql_pass_leaves_out_what_the_sqlite_pass_runs_alone() -> None:
    files = _collected(POSTGRES_PASS)
    assert "techbridge/needs/tests/test_pages.py" in files
    assert "techbridge/matching/tests/test_matching.py" in files  # both_databases
    assert not any(f.startswith(("techbridge/engine/", "techbridge_bench/")) for f in files)
