"""Matching's background jobs: encoding changed texts, rebuilding all vectors, pruning."""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import transaction
from django.utils import timezone

from techbridge.core import jobs
from techbridge.engine import Document

from .backend import uses_shared_index
from .feed import queue_encoding, record_changes
from .index import BATCH, PlatformIndex
from .models import IndexChange, IndexCollection
from .shared import SharedCollection
from .shared_index import SharedPlatformIndex
from .sources import Sources, resolve

log = logging.getLogger(__name__)

#: Changes older than this are pruned from the feed (a process started since has read the
#: database itself).
KEEP_CHANGES = dt.timedelta(days=2)


_encoder: PlatformIndex | None = None


def _encoder_index() -> PlatformIndex:
    """One encoder per worker process, loaded by its first job and kept for the next."""
    global _encoder
    if _encoder is None:
        _encoder = PlatformIndex(follow=False)
    return _encoder


def warm_up(**kwargs: object) -> None:
    """Load the encoder and the analysers when a job worker process starts (django-q2's
    ``post_spawn``), so that the first text it encodes is not the one that waits."""
    _encoder_index().resources.encode_documents(
        [Document("warm-up", "0", "expert", "碳化硅功率器件", "silicon carbide power devices")]
    )


def encode_documents(keys: list[str]) -> int:
    """Encode and store the vectors of the records behind ``keys`` whose text has no current
    vector; record a change for each, so every process's index takes the new vectors.
    Run again, it finds the vectors stored and does nothing. Once its time budget is spent
    it hands the documents left to a new job, so a slow machine never hits the time limit."""
    documents = resolve(keys).documents
    encoder = _encoder_index()
    deadline = time.monotonic() + jobs.time_budget_s()
    log.info("encoding up to %d documents", len(documents))
    done = 0
    for start in range(0, len(documents), BATCH):
        if start and time.monotonic() > deadline:
            rest = [d.doc_id for d in documents[start:]]
            log.info("handing %d documents to a new job", len(rest))
            queue_encoding(rest)
            break
        # Vectors and their change rows commit together: a worker killed between two
        # batches leaves whole batches, and the next run encodes only the rest. The batch is
        # encoded before its transaction begins, so that no write of another process waits
        # for the encoder (on SQLite a transaction holds the database's one write lock).
        encoded = encoder.encode_missing(documents[start : start + BATCH])
        with transaction.atomic():
            stored = encoder.save_encoded(encoded)
            record_changes(stored, encode=False)
        done += len(stored)
    log.info("encoded %d of %d documents", done, len(documents))
    if uses_shared_index():
        apply_shared_changes()
    return done


_applier: SharedPlatformIndex | None = None


def apply_shared_changes() -> int:
    """Apply the change feed to the shared index (PostgreSQL), after any writer before it
    has finished; returns how many changes it applied."""
    global _applier
    if not uses_shared_index():
        return 0
    if _applier is None:
        _applier = SharedPlatformIndex()
    applied = _applier.follow(force=True)
    resources = _applier.shared_resources
    if len(resources) > 0 and resources.state().portfolio_stale:
        jobs.enqueue("techbridge.matching.jobs.refresh_portfolios", name="refresh-portfolios")
    return applied


def refresh_portfolios() -> bool:
    """Compute the shared index's portfolio statistics again, when changes made them stale
    (a large collection: the applier leaves it to this job)."""
    if not uses_shared_index():
        return False
    with transaction.atomic():
        return SharedCollection(IndexCollection.RESOURCES).refresh_portfolios()


def encode_everything() -> int:
    """Queue the encoding of every indexed text that has no current vector (the first start,
    a new encoder model): one job per slice of keys, so that every worker takes a share and
    each batch reaches the serving processes as it is stored. Returns how many keys it
    queued."""
    sources = Sources.everything()
    keys = [d.doc_id for d in sources.resource_documents()]
    keys += [d.doc_id for d in sources.need_documents()]
    queue_encoding(keys)
    return len(keys)


def prune_changes() -> int:
    deleted, _ = IndexChange.objects.filter(created_at__lt=timezone.now() - KEEP_CHANGES).delete()
    return deleted
