"""Writing the change feed that every process's matching index follows (see ``index.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Func
from django.dispatch import Signal

from techbridge.core import jobs

from .backend import uses_shared_index
from .models import DocumentVector, IndexChange
from .sources import keyword_key

#: Keys whose texts are encoded (an expert key changes links only).
ENCODED_PREFIXES = ("doc:", "ach:", "need:", "pm:")
#: Keys per encoding job.
JOB_KEYS = 500

#: Sent when a transaction that recorded changes has committed: the index this process
#: serves from (if any) follows the feed at its next query (``serving.py`` listens).
changes_committed = Signal()


def _committed() -> None:
    changes_committed.send(sender=IndexChange)


class CurrentXid(Func):
    """The writing transaction's id on PostgreSQL; 0 elsewhere (see ``index.ChangeCursor``)."""

    template = "(pg_current_xact_id()::text::bigint)"
    output_field = models.BigIntegerField()

    def __init__(self) -> None:
        super().__init__()

    def as_sqlite(
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[str | int, ...]]:
        return "0", ()


def record_changes(keys: Iterable[str], *, encode: bool = True) -> None:
    """Record that the records behind ``keys`` changed, in the current transaction, and
    (after commit) queue the encoding of their texts."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    IndexChange.objects.bulk_create(
        [IndexChange(key=key, xid=CurrentXid()) for key in keys], batch_size=1000
    )
    transaction.on_commit(_committed)
    to_encode = [k for k in keys if k.startswith(ENCODED_PREFIXES)] if encode else []
    if uses_shared_index() and len(to_encode) < len(keys):
        # The shared index takes what needs no encoding (links, deletions, stored vectors)
        # now; the encoding jobs apply the rest once their vectors are stored.
        jobs.enqueue("techbridge.matching.jobs.apply_shared_changes", name="apply-index-changes")
    queue_encoding(to_encode)


def queue_encoding(keys: list[str]) -> None:
    """Queue the encoding of the texts behind ``keys`` (after the current transaction
    commits), one job per :data:`JOB_KEYS` keys."""
    for start in range(0, len(keys), JOB_KEYS):
        jobs.enqueue(
            "techbridge.matching.jobs.encode_documents",
            keys[start : start + JOB_KEYS],
            name="encode-documents",
        )


def forget_vectors(keys: Iterable[str]) -> None:
    """Delete the stored vectors of records that are gone (in the deleting transaction)."""
    keys = list(keys)
    DocumentVector.objects.filter(key__in=keys + [keyword_key(k) for k in keys]).delete()
