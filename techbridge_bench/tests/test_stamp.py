"""Every bench's JSON line says which commit and date its figures are of."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from techbridge_bench import cli
from techbridge_bench.stamp import PROJECT_DIR, begin, commit, stamp


def _head() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _checkout(directory: Path, name: str, text: str) -> str:
    """A git checkout in ``directory`` of one commit holding file ``name``; its short id."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=directory,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    git("init", "-q")
    (directory / name).write_text(text, encoding="utf-8")
    git("add", name)
    git("commit", "-q", "-m", "one")
    return git("rev-parse", "--short", "HEAD")


def test_a_benchs_figures_carry_the_commit_and_the_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # When a bench prints its figures
    cli._emit({"query_p50_ms": 12.5})
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    # Then the line holds them with the checkout's commit (marked when the tree differs from
    # it) and the date, to the minute, in UTC
    assert line["query_p50_ms"] == 12.5
    assert line["commit"].removesuffix("-dirty") == _head()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", line["date"])


def test_a_changed_tree_is_marked(tmp_path: Path) -> None:
    # Given a checkout of one commit
    head = _checkout(tmp_path, "figures.txt", "1\n")
    assert commit(tmp_path) == head
    # When a tracked file changes (an untracked one does not count)
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    assert commit(tmp_path) == head
    (tmp_path / "figures.txt").write_text("2\n", encoding="utf-8")
    # Then the commit says the figures are of a tree no commit holds
    assert commit(tmp_path) == f"{head}-dirty"


def test_outside_a_checkout_the_commit_is_empty(tmp_path: Path) -> None:
    assert commit(tmp_path) == ""


def test_a_bench_is_stamped_with_the_commit_it_started_at(tmp_path: Path) -> None:
    # Given a checkout of one commit, and a bench that starts there
    head = _checkout(tmp_path, "code.py", "A = 1\n")
    begin(tmp_path)
    # When the tree changes while it runs
    (tmp_path / "code.py").write_text("A = 2\n", encoding="utf-8")
    assert commit(tmp_path) == f"{head}-dirty"
    # Then its figures carry the commit it ran
    assert stamp(tmp_path)["commit"] == head
