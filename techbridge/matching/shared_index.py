"""The platform's matching index on PostgreSQL: :class:`SharedPlatformIndex`, the
:class:`~.index.PlatformIndex` interface over the shared index in the database
(:mod:`.shared`).

Every process reads the same index, so a web process holds nothing that grows with the
collection and answers its first request as fast as the next. The index is written by one
writer at a time (the writer lock of :mod:`.shared`): a build (``techbridge index build``,
or the first start on an empty index), and the applier of the change feed
(:meth:`SharedPlatformIndex.follow`), which jobs run after each commit that changed indexed
records (``jobs.apply_shared_changes``). The feed's position is kept in the database
(:class:`~.models.SharedIndexState`), so any process can take over where another stopped; a
batch of changes and the new position commit together.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from techbridge.core import glossary
from techbridge.core.db_router import read_alias
from techbridge.engine import Document, Match

from .index import (
    BATCH,
    FOLLOW_BATCH,
    HEARTBEAT_S,
    IndexStatus,
    PlatformIndex,
    process_name,
    snapshot_xmin,
)
from .models import IndexChange, IndexCollection, IndexedDocument, IndexFollower, SharedIndexState
from .shared import SharedCollection, vacuum_analyze, writer_lock
from .sources import Link, Sources, resolve

log = logging.getLogger(__name__)

#: Up to this many resource documents the applier recomputes the portfolio statistics itself;
#: above, a job does (``jobs.refresh_portfolios``).
PORTFOLIO_INLINE_DOCS = 200_000


class SharedPlatformIndex(PlatformIndex):
    """Resources and needs in the shared index; encoding and need vectors as in
    :class:`PlatformIndex` (whose matchers stay empty: they hold the encoder)."""

    def __init__(self, *, follow: bool = True) -> None:
        super().__init__(follow=follow)
        self._behind = False
        encoder = self.resources.encoder_
        reads = read_alias(IndexedDocument)
        self.shared_resources = SharedCollection(
            IndexCollection.RESOURCES, self.resources.config, encoder=encoder, read_using=reads
        )
        self.shared_needs = SharedCollection(
            IndexCollection.NEEDS, self.needs.config, encoder=encoder, read_using=reads
        )

    def _collection(self, doc: Document) -> SharedCollection:
        return self.shared_needs if doc.entity_type == "need" else self.shared_resources

    # -- status --------------------------------------------------------------------------

    def status(self) -> IndexStatus:
        if self._state in ("building", "failed"):
            return super().status()
        states = list(SharedIndexState.objects.using(self.shared_resources.read_using))
        indexed = sum(s.documents for s in states)
        built = any(s.built_at for s in states)
        return IndexStatus("ready" if built else "empty", indexed, indexed)

    # -- building ------------------------------------------------------------------------

    def build(
        self, sources: Sources | None = None, *, encode_missing: bool = True, warm: bool = False
    ) -> IndexStatus:
        """Index every source document into the shared index (blocking; one transaction:
        readers keep the previous index until it commits). Vectors already stored are
        reused; with ``encode_missing=False`` only documents with a stored vector are
        indexed."""
        sources = sources or Sources.everything()
        self._state, self._error, self._encode = "building", "", encode_missing
        try:
            with transaction.atomic():
                writer_lock()
                low_xid = snapshot_xmin()
                resource_docs = list(sources.resource_documents())
                need_docs = list(sources.need_documents())
                if not encode_missing:
                    resource_docs = self._stored_only(resource_docs)
                    need_docs = self._stored_only(need_docs)
                self._total = len(resource_docs) + len(need_docs)
                self._indexed = 0
                for shared, docs in (
                    (self.shared_resources, resource_docs),
                    (self.shared_needs, need_docs),
                ):
                    shared.clear()
                    self._add(shared, docs)
                self.shared_resources.set_links(_link_rows(sources.links()))
                for shared in (self.shared_resources, self.shared_needs):
                    shared.reweight()
                    shared.ensure_vector_indexes()
                    shared.stamp_built(self.model_name)
                self.shared_resources.refresh_portfolios()
                SharedIndexState.objects.filter(collection=IndexCollection.RESOURCES).update(
                    low_xid=low_xid, seen=[]
                )
            vacuum_analyze()
            if warm:
                self.shared_resources.warm()
        except Exception as error:
            log.exception("building the shared matching index failed")
            self._state, self._error = "failed", str(error)
            raise
        self._state = "ready"
        return self.status()

    def _add(self, shared: SharedCollection, docs: Sequence[Document]) -> None:
        matcher = self.needs if shared is self.shared_needs else self.resources
        for start in range(0, len(docs), BATCH * 16):
            batch = docs[start : start + BATCH * 16]
            vectors, kw_vectors = self._vectors(matcher, batch)
            shared.add(batch, vectors=vectors, keyword_vectors=kw_vectors)
            self._indexed += len(batch)

    def start_background_build(
        self, sources: Sources | None = None, *, encode_missing: bool = True, rebuild: bool = False
    ) -> None:
        """A serving process: build the shared index when nobody has (or ``rebuild``), else
        load the encoder (in a daemon thread, so the process starts at once)."""
        with self._lock:
            if self._thread is not None:
                return

            def run() -> None:
                try:
                    if rebuild or self.status().state == "empty":
                        self.build(sources, encode_missing=encode_missing, warm=True)
                    else:
                        self.shared_resources.warm()
                except Exception:
                    log.exception("starting the shared matching index failed")
                finally:
                    close_old_connections()
                    self._started.set()
                # Apply what the jobs have not applied yet (when no job is applying), and
                # report where the index stands as this process sees it (``/healthz``).
                self.follow_forever()

            self._thread = threading.Thread(target=run, name="matching-index", daemon=True)
            self._thread.start()

    # -- incremental updates -------------------------------------------------------------

    def upsert(self, documents: Iterable[Document], links: Iterable[Link] = ()) -> None:
        """Add or replace documents whose vector is stored (the caller holds the writer
        lock, in a transaction)."""
        self.shared_resources.set_links(_link_rows(links))
        docs = self._stored_only(list(documents))
        for shared in (self.shared_resources, self.shared_needs):
            part = [d for d in docs if self._collection(d) is shared]
            if part:
                self._add(shared, part)

    def remove(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        self.shared_resources.remove([i for i in ids if not i.startswith("need:")])
        self.shared_needs.remove([i for i in ids if i.startswith("need:")])

    def follow(self, *, force: bool = False) -> int:
        """Apply the committed changes the shared index has not taken yet; returns how many.

        ``force``: wait for another writer to finish (jobs); otherwise return at once when one
        is writing (a request that only wants to see its own change)."""
        if not self._follow:
            return 0
        now = time.monotonic()
        if not force and now - self._last_follow < settings.MATCHING_FOLLOW_MIN_S:
            return 0
        self._last_follow = now
        if not force and not self._pending():
            return 0  # nothing to apply: no lock taken, nothing written
        applied = 0
        while True:
            with transaction.atomic():
                if not writer_lock(wait=force):
                    return applied
                state = self.shared_resources.state(lock=True)
                if not state.built_at:
                    return applied  # nothing built yet: the build reads the database
                next_low = snapshot_xmin()
                seen = set(state.seen)
                rows: list[tuple[int, str]] = []
                changes = IndexChange.objects.filter(xid__gte=state.low_xid).order_by("id")
                for change_id, key in changes.values_list("id", "key").iterator(chunk_size=2000):
                    if change_id not in seen:
                        rows.append((change_id, key))
                        if len(rows) >= FOLLOW_BATCH:
                            break
                if rows:
                    found = resolve({key for _, key in rows})
                    self.upsert(found.documents, found.links)
                    self.remove(found.gone)
                    applied += len(rows)
                complete = len(rows) < FOLLOW_BATCH
                state = self.shared_resources.state(lock=True)
                seen.update(i for i, _ in rows)
                if complete and next_low > state.low_xid:
                    state.low_xid = next_low
                    seen = (
                        set(
                            IndexChange.objects.filter(xid__gte=next_low).values_list(
                                "id", flat=True
                            )
                        )
                        & seen
                    )
                if rows or sorted(seen) != state.seen:
                    state.seen = sorted(seen)
                    if rows:
                        state.applied = max(state.applied, rows[-1][0])
                    state.save(update_fields=["low_xid", "seen", "applied"])
                if rows and state.documents <= PORTFOLIO_INLINE_DOCS:
                    self.shared_resources.refresh_portfolios()
            if complete:
                if applied:
                    self.heartbeat(force=True)
                return applied

    def _pending(self) -> bool:
        """Whether the feed holds changes the shared index has not applied (read on the
        primary, without locks)."""
        state = self.shared_resources.state()
        if not state.built_at:
            return False
        changes = IndexChange.objects.filter(xid__gte=state.low_xid)
        return changes.exclude(id__in=state.seen).exists()

    def mark_behind(self) -> None:
        """This process committed changes: its next match list first applies them (when no
        job is applying them already), so the person who saved a record finds it there."""
        self._behind = True

    def _own_writes(self) -> None:
        if self._behind:
            self._behind = False
            self._last_follow = 0.0
            self.follow()

    def heartbeat(self, *, force: bool = False) -> None:
        """Record where the shared index stands as this process sees it, for ``/healthz``."""
        now = time.monotonic()
        if not force and now - self._last_heartbeat < HEARTBEAT_S:
            return
        self._last_heartbeat = now
        state = self.shared_resources.state()
        indexed = sum(
            s.documents for s in SharedIndexState.objects.using(self.shared_resources.using)
        )
        IndexFollower.objects.update_or_create(
            name=process_name(),
            defaults={
                "state": "ready" if state.built_at else "empty",
                "indexed": indexed,
                "applied": state.applied,
                "seen_at": timezone.now(),
            },
        )

    # -- queries -------------------------------------------------------------------------

    def match_resources(
        self, text: str, types: Iterable[str], k: int, title: str = ""
    ) -> list[Match]:
        self._own_writes()
        glossary.refresh(read_alias(IndexedDocument))
        vector = self.need_vector(text, title)
        return self.shared_resources.match(
            text,
            entity_types=list(types),
            k=k,
            need_title=title,
            need_vector=vector,
            framing_collection=self.shared_needs.collection,
        )

    def match_needs(self, text: str, k: int, exclude: Iterable[str] = ()) -> list[Match]:
        self._own_writes()
        glossary.refresh(read_alias(IndexedDocument))
        return self.shared_needs.match(text, entity_types=["need"], k=k, exclude_doc_ids=exclude)


def _link_rows(links: Iterable[Link]) -> list[tuple[str, str, str, str]]:
    return [(x.entity_type, x.entity_id, x.parent_type, x.parent_id) for x in links]
