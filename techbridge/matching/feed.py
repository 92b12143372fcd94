"""Writing the change feed that every process's matching index follows (see ``index.py``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction
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


def current_xid() -> int:
    """The writing transaction's id on PostgreSQL; 0 elsewhere (see ``index.ChangeCursor``).
    Asked once for all the rows a call writes: every row of one transaction has its id."""
    connection = connections[router.db_for_write(IndexChange)]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        return int(cursor.fetchone()[0])


def record_changes(keys: Iterable[str], *, encode: bool = True) -> None:
    """Record that the records behind ``keys`` changed, in the current transaction, and
    (after commit) queue the encoding of their texts."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    with transaction.atomic(using=router.db_for_write(IndexChange)):
        # (the id and the rows in one transaction, also where the caller has none)
        xid = current_xid()
        IndexChange.objects.bulk_create(
            [IndexChange(key=key, xid=xid) for key in keys], batch_size=1000
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
