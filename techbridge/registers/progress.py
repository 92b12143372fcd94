"""Progress of confirmed imports, kept in Django's cache, which every process shares.

An import runs in one transaction. On PostgreSQL the database cache writes through a
connection of its own, so other workers see the progress while the import runs (as with
Redis); on SQLite, with one writer at a time, the progress shares the import's transaction
and shows when it commits. Each entry records the owner, the rows done, the total, and once
finished the final report (rows written, or the errors).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

TTL = 60 * 60


def _key(token: str) -> str:
    return f"registers:import:{token}"


def claim(token: str) -> bool:
    """Take the right to import upload ``token``: only the first of two confirms gets it."""
    return bool(cache.add(_key(token) + ":claimed", 1, TTL))


def release(token: str) -> None:
    """Give the claim back (the import failed and wrote nothing: it may be confirmed again)."""
    cache.delete(_key(token) + ":claimed")


def start(token: str, user_id: int, total: int) -> None:
    cache.set(_key(token), {"user": user_id, "total": total, "done": 0, "state": "running"}, TTL)


def advance(token: str, done: int) -> None:
    entry = cache.get(_key(token))
    if entry is not None:
        entry["done"] = min(done, entry["total"])
        cache.set(_key(token), entry, TTL)


def finish(token: str, report: dict[str, Any]) -> None:
    entry = cache.get(_key(token)) or {"user": None, "total": report["total"]}
    entry.update(
        done=entry["total"],
        state="done" if not report["errors"] else "failed",
        report=report,
    )
    cache.set(_key(token), entry, TTL)


def get(token: str, user_id: int) -> dict[str, Any] | None:
    """The progress of ``user_id``'s import ``token``, or ``None``."""
    entry = cache.get(_key(token))
    if entry is None or entry.get("user") != user_id:
        return None
    total = max(int(entry["total"]), 1)
    entry["percent"] = round(100 * int(entry["done"]) / total)
    return dict(entry)
