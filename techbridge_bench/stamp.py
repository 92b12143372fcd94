"""What every bench's figures carry: the commit they were measured at and the date.

The commit is ``git rev-parse --short HEAD`` of the checkout the bench runs from, with
``-dirty`` when its tracked files differ from that commit (the figures are then of a tree no
commit holds); empty outside a git checkout. A bench that calls :func:`begin` as it starts is
stamped with the commit of that moment: its code is what was checked out then, and the tree
may change while a long bench runs. The date is UTC, to the minute, when the figures are
printed.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _git(folder: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def commit(folder: Path = PROJECT_DIR) -> str:
    """The checkout's commit (short), ``-dirty`` when tracked files changed; "" without git."""
    try:
        head = _git(folder, "rev-parse", "--short", "HEAD")
        changed = _git(folder, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f"{head}-dirty" if changed else head


#: checkout -> its commit when the bench started (:func:`begin`)
_started: dict[Path, str] = {}


def begin(folder: Path = PROJECT_DIR) -> None:
    """Record the checkout's commit as the bench starts."""
    _started[folder] = commit(folder)


def stamp(folder: Path = PROJECT_DIR) -> dict[str, str]:
    """``{"commit": ..., "date": ...}`` for a bench's JSON line: the commit recorded by
    :func:`begin`, else the checkout's now."""
    found = _started[folder] if folder in _started else commit(folder)
    return {"commit": found, "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")}
