"""Matching's background jobs: encoding changed texts, rebuilding all vectors, pruning."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from .feed import JOB_KEYS, record_changes
from .index import PlatformIndex
from .models import IndexChange
from .sources import Sources, resolve

log = logging.getLogger(__name__)

#: Changes older than this are pruned from the feed (a process started since has read the
#: database itself).
KEEP_CHANGES = dt.timedelta(days=2)


def encode_documents(keys: list[str]) -> int:
    """Encode and store the vectors of the records behind ``keys`` whose text has no current
    vector; record a change for each, so every process's index takes the new vectors.
    Run again, it finds the vectors stored and does nothing."""
    found = resolve(keys)
    encoder = PlatformIndex(follow=False)
    stored = encoder.store_vectors(found.documents)
    if stored:
        record_changes(stored, encode=False)
    log.info("encoded %d of %d documents", len(stored), len(found.documents))
    return len(stored)


def encode_everything() -> int:
    """Encode every indexed text that has no current vector (the first start, a new encoder
    model), in batches that each reach the serving processes as they are stored."""
    sources = Sources.everything()
    keys = [d.doc_id for d in sources.resource_documents()]
    keys += [d.doc_id for d in sources.need_documents()]
    total = 0
    for start in range(0, len(keys), JOB_KEYS):
        total += encode_documents(keys[start : start + JOB_KEYS])
    return total


def prune_changes() -> int:
    deleted, _ = IndexChange.objects.filter(created_at__lt=timezone.now() - KEEP_CHANGES).delete()
    return deleted
