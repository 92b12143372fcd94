"""Writing the change feed that every process's matching index follows (see ``index.py``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, models, router, transaction
from django.dispatch import Signal
from django.utils import timezone

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


def _insert(keys: list[str], xid: int) -> None:
    """One :class:`IndexChange` row for each of ``keys``, written by ``xid``: multi-row INSERTs
    of the values as they are. An import records a change for every document it stores, and
    ``bulk_create`` spent twenty times as long preparing each value through its field and
    making a model instance of each row."""
    connection = connections[router.db_for_write(IndexChange)]
    meta = IndexChange._meta
    names = ("key", "xid", "created_at")
    fields = [f for name in names if isinstance(f := meta.get_field(name), models.Field)]
    now = fields[2].get_db_prep_save(timezone.now(), connection)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
    size = max(1, connection.ops.bulk_batch_size(fields, keys))
    with connection.cursor() as cursor:
        for start in range(0, len(keys), size):
            chunk = keys[start : start + size]
            params = [value for key in chunk for value in (key, xid, now)]
            cursor.execute(head + ", ".join(["(%s, %s, %s)"] * len(chunk)), params)


def record_changes(keys: Iterable[str], *, encode: bool = True) -> None:
    """Record that the records behind ``keys`` changed, in the current transaction, and
    (after commit) queue the encoding of their texts."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    with transaction.atomic(using=router.db_for_write(IndexChange)):
        # (the id and the rows in one transaction, also where the caller has none)
        _insert(keys, current_xid())
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
