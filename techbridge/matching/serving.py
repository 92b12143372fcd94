"""The matching index this process serves from: its own in-process index on SQLite
(:class:`~.index.PlatformIndex`), the shared index in the database on PostgreSQL
(:class:`~.shared_index.SharedPlatformIndex`). The backend follows the database; there is
nothing to configure."""

from __future__ import annotations

import threading
from typing import Any

from django.dispatch import receiver

from .backend import uses_shared_index
from .feed import changes_committed
from .index import PlatformIndex
from .shared_index import SharedPlatformIndex

__all__ = ["get_index", "mark_index_behind", "new_index", "reset_index"]

_index: PlatformIndex | None = None
_index_lock = threading.Lock()


def new_index(*, follow: bool = True) -> PlatformIndex:
    """A new index of the kind this deployment serves from."""
    if uses_shared_index():
        return SharedPlatformIndex(follow=follow)
    return PlatformIndex(follow=follow)


def get_index() -> PlatformIndex:
    """The process-wide index (built on demand)."""
    global _index
    with _index_lock:
        if _index is None:
            _index = new_index()
        return _index


@receiver(changes_committed)
def mark_index_behind(**kwargs: Any) -> None:
    """See :meth:`PlatformIndex.mark_behind` (a no-op in a process without an index)."""
    if _index is not None:
        _index.mark_behind()


def reset_index() -> PlatformIndex:
    """Replace the process-wide index with an empty one (tests, and before a new build)."""
    global _index
    with _index_lock:
        _index = new_index()
        return _index
