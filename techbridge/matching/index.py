"""The platform's matching index: the engine's matchers, fed from the database.

Two collections: resources (experts, achievements, and through links institutes and overseas
partners) and needs. Vectors are stored in :class:`DocumentVector`, so building the index
after a restart encodes only texts that are new or changed. A serving process builds its
index in a background thread from the stored vectors; documents become searchable batch by
batch, and ``status()`` reports progress.

Every process follows the change feed (:class:`IndexChange`, written in the same transaction
as each change by ``signals.py``): a thread polls it every ``MATCHING_FOLLOW_INTERVAL``
seconds, and a query first applies what is new, so a change committed by any process (web
worker, job, import, shell, admin) reaches every process's match lists without a restart or
a reload. Why a table and not LISTEN/NOTIFY: it works the same on SQLite and PostgreSQL, a
process that was down or busy catches up from where it stopped, and a notification that
nobody heard is not lost. See ``docs/architecture.md`` (Fresh matches).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.utils import timezone

from techbridge.core import glossary
from techbridge.engine import Document, Match, Matcher
from techbridge.engine.translate import dictionary

from .models import DocumentVector, IndexChange, IndexFollower
from .sources import Link, Sources, content_hash, keyword_hash, keyword_key, resolve

log = logging.getLogger(__name__)

BATCH = 64
#: Most changes applied in one step of following the feed.
FOLLOW_BATCH = 5000
#: How often a serving process reports where its index stands (``IndexFollower``).
HEARTBEAT_S = 5.0
#: How long a need's vector stays in the shared cache (a pure function of its text: any time
#: is correct; this bounds the space of needs nobody opens any more).
NEED_VECTOR_TTL_S = 7 * 24 * 3600
#: Rankings a process keeps until its index changes (see ``match_resources``).
RANKINGS_KEPT = 256


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def snapshot_xmin() -> int:
    """PostgreSQL's oldest transaction still running for this connection's snapshot: every
    change of an older transaction is visible now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        return int(cursor.fetchone()[0])


class ChangeCursor:
    """Which changes of the feed an index has applied.

    On SQLite one transaction writes at a time, so change ids commit in order and the newest
    applied id is enough. On PostgreSQL ids can commit out of order (a long import commits
    after a later, short edit), so each change row records its transaction id, and the cursor
    keeps the oldest transaction that was still running when it last read
    (``pg_snapshot_xmin``): every change of an older transaction is visible by then, and the
    changes of newer ones are read again (those already applied are skipped).
    """

    def __init__(self) -> None:
        self.after_id = 0  # SQLite: the newest applied change
        self.low_xid = 0  # PostgreSQL: changes of transactions from here on are re-read
        self.seen: set[int] = set()
        self.last_id = 0
        self._next_low = 0

    @staticmethod
    def ordered_by_commit() -> bool:
        return connection.vendor != "postgresql"

    def start(self) -> None:
        """Position the cursor before a full build: what commits from now on is followed."""
        newest = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        self.last_id = newest
        if self.ordered_by_commit():
            self.after_id = newest
        else:
            self.low_xid = snapshot_xmin()
        self.seen.clear()

    def read(self) -> list[tuple[int, str]]:
        """The changes not applied yet, oldest first; :meth:`advance` after applying them."""
        if self.ordered_by_commit():
            rows = IndexChange.objects.filter(id__gt=self.after_id).order_by("id")
            return list(rows.values_list("id", "key")[:FOLLOW_BATCH])
        self._next_low = snapshot_xmin()
        rows = IndexChange.objects.filter(xid__gte=self.low_xid).order_by("id")
        out: list[tuple[int, str]] = []
        for change_id, key in rows.values_list("id", "key").iterator(chunk_size=2000):
            if change_id not in self.seen:
                out.append((change_id, key))
                if len(out) >= FOLLOW_BATCH:
                    break
        return out

    def advance(self, applied: list[tuple[int, str]], complete: bool) -> None:
        if applied:
            self.last_id = max(self.last_id, applied[-1][0])
        if self.ordered_by_commit():
            if applied:
                self.after_id = applied[-1][0]
            return
        self.seen.update(i for i, _ in applied)
        if complete and self._next_low > self.low_xid:
            # Changes of transactions older than the snapshot's xmin are never read again.
            self.low_xid = self._next_low
            self.seen = (
                set(IndexChange.objects.filter(xid__gte=self.low_xid).values_list("id", flat=True))
                & self.seen
            )

    @property
    def position(self) -> int:
        """The newest change applied (what ``/healthz`` compares with the newest change)."""
        return self.last_id


@dataclass
class EncodedVectors:
    """Vectors encoded for storage and not stored yet (``PlatformIndex.encode_missing``)."""

    rows: list[DocumentVector] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    def add(
        self, model: str, keys: list[tuple[str, str]], vectors: npt.NDArray[np.float32]
    ) -> None:
        """Vectors of ``keys`` (key, content hash), in the same order."""
        self.rows += [
            DocumentVector(
                key=key,
                content_hash=digest,
                model=model,
                dim=vectors.shape[1],
                vector=np.asarray(vector, dtype=np.float16).tobytes(),
            )
            for (key, digest), vector in zip(keys, vectors, strict=True)
        ]


@dataclass(frozen=True)
class IndexStatus:
    state: str  # "empty", "building", "ready" or "failed"
    indexed: int
    total: int
    error: str = ""

    @property
    def ready(self) -> bool:
        return self.state == "ready"


class PlatformIndex:
    """Resources and needs matchers with a lock; safe to use from request threads.

    ``follow``: apply the change feed (serving processes do; a fixed index for a benchmark
    or a test's shared fixture does not).
    """

    def __init__(self, *, follow: bool = True) -> None:
        self.resources = Matcher()
        self.needs = Matcher()
        self._lock = threading.RLock()
        self._state = "empty"
        self._indexed = 0
        self._total = 0
        self._error = ""
        self._thread: threading.Thread | None = None
        #: Set when the background build (or warm-up) has ended, ready or failed: its thread
        #: then goes on following the change feed.
        self._started = threading.Event()
        self._parents: dict[tuple[str, str], tuple[str, str]] = {}
        self._follow = follow
        self._encode = True
        self._cursor = ChangeCursor()
        self._follow_lock = threading.Lock()
        self._last_follow = 0.0
        self._last_heartbeat = 0.0
        # This index's recent rankings; emptied by every change to the matchers (under the
        # lock), so an entry is always what the engine would answer now in this process.
        self._rankings: OrderedDict[tuple[str, str, tuple[str, ...], int, str], list[Match]] = (
            OrderedDict()
        )

    # -- status --------------------------------------------------------------------------

    def status(self) -> IndexStatus:
        return IndexStatus(self._state, self._indexed, self._total, self._error)

    @property
    def model_name(self) -> str:
        config = self.resources.config
        signature = getattr(self.resources.encoder_, "signature", "")
        return f"{config.encoder}:{config.encoder_params}" + (f":{signature}" if signature else "")

    # -- building ------------------------------------------------------------------------

    def build(
        self, sources: Sources | None = None, *, encode_missing: bool = True, warm: bool = False
    ) -> IndexStatus:
        """Index every source document (blocking). Vectors already stored are reused.

        With ``encode_missing=False`` only documents whose vector is stored are indexed (web
        processes that leave encoding to a ``techbridge index build`` job). With ``warm`` the
        encoder's model is loaded before the index reports ready (serving processes).
        """
        sources = sources or Sources.everything()
        with self._lock:
            self._state, self._error = "building", ""
            self.resources, self.needs = Matcher(), Matcher()
            self._rankings.clear()
            self._parents.clear()
            self._indexed = 0
            self._encode = encode_missing
        try:
            if self._follow:
                self._cursor.start()
            resource_docs = list(sources.resource_documents())
            need_docs = list(sources.need_documents())
            if not encode_missing:
                resource_docs = self._stored_only(resource_docs)
                need_docs = self._stored_only(need_docs)
            self._total = len(resource_docs) + len(need_docs)
            for link in sources.links():
                self._link(link)
            for matcher, docs in ((self.resources, resource_docs), (self.needs, need_docs)):
                for start in range(0, len(docs), BATCH):
                    batch = docs[start : start + BATCH]
                    vectors, kw_vectors = self._vectors(matcher, batch)
                    with self._lock:
                        matcher.add(batch, vectors=vectors, keyword_vectors=kw_vectors)
                        self._rankings.clear()
                        self._indexed += len(batch)
            if warm:
                # The encoder's model and the translation table load on their first use:
                # load them now, so that the first match list this process serves does not
                # wait for them.
                self.resources.encoder_.encode_queries(["预热 warm-up"])
                dictionary().translations(["碳化硅", "carbid"])
        except Exception as error:  # reported on the pages; the log has the traceback
            log.exception("building the matching index failed")
            self._state, self._error = "failed", str(error)
            raise
        self._state = "ready"
        if self._follow:
            self.follow(force=True)
        return self.status()

    def store_vectors(self, docs: Sequence[Document]) -> list[str]:
        """Encode and store the vectors of ``docs`` that have none for their current text;
        returns their ids (what a job does, so serving processes need not encode)."""
        return self.save_encoded(self.encode_missing(docs))

    def encode_missing(self, docs: Sequence[Document]) -> EncodedVectors:
        """The vectors (text, and keywords where a document has them) of ``docs`` that have
        none stored for their current text, encoded but not stored. It writes nothing: a job
        encodes outside its transaction, so that no write waits for the encoder."""
        model = self.model_name
        encoded = EncodedVectors()
        needs = [d for d in docs if d.entity_type == "need"]
        others = [d for d in docs if d.entity_type != "need"]
        for matcher, part in ((self.needs, needs), (self.resources, others)):
            for start in range(0, len(part), BATCH):
                batch = part[start : start + BATCH]
                stored = dict(
                    DocumentVector.objects.filter(key__in=[d.doc_id for d in batch]).values_list(
                        "key", "content_hash"
                    )
                )
                missing = [d for d in batch if stored.get(d.doc_id) != content_hash(d, model)]
                if not missing:
                    continue
                vectors = matcher.encode_documents(missing)
                encoded.add(model, [(d.doc_id, content_hash(d, model)) for d in missing], vectors)
                with_kw = [d for d in missing if d.keywords]
                if with_kw:
                    encoded.add(
                        model,
                        [(keyword_key(d.doc_id), keyword_hash(d, model)) for d in with_kw],
                        matcher.encode_keywords(with_kw),
                    )
                encoded.doc_ids += [d.doc_id for d in missing]
        return encoded

    def save_encoded(self, encoded: EncodedVectors) -> list[str]:
        """Store what :meth:`encode_missing` encoded (one short write); returns the ids of
        the documents whose vectors were stored."""
        if encoded.rows:
            DocumentVector.objects.bulk_create(
                encoded.rows,
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=["content_hash", "model", "dim", "vector", "updated_at"],
            )
        return list(encoded.doc_ids)

    def _stored_only(self, docs: list[Document]) -> list[Document]:
        model = self.model_name
        stored = dict(DocumentVector.objects.filter(model=model).values_list("key", "content_hash"))
        return [d for d in docs if stored.get(d.doc_id) == content_hash(d, model)]

    def start_background_build(
        self, sources: Sources | None = None, *, encode_missing: bool = True, rebuild: bool = False
    ) -> None:
        """Build in a daemon thread unless a build is running or done; then follow the change
        feed in the same thread (when this index follows it). ``rebuild``: build even when
        the index is stored built (the shared index, ``techbridge index build``)."""
        with self._lock:
            if self._state in ("building", "ready"):
                return
            self._state = "building"

            def run() -> None:
                try:
                    self.build(sources, encode_missing=encode_missing, warm=True)
                except Exception:
                    return
                finally:
                    close_old_connections()
                    self._started.set()
                self.follow_forever()

            self._thread = threading.Thread(target=run, name="matching-index", daemon=True)
            self._thread.start()

    def follow_forever(self) -> None:
        """Follow the change feed and report where the index stands, every
        ``MATCHING_FOLLOW_INTERVAL`` seconds, for as long as this index follows it (the
        background thread of a serving process)."""
        while self._follow:
            time.sleep(settings.MATCHING_FOLLOW_INTERVAL)
            try:
                self.follow()
                self.heartbeat()
            except Exception:
                log.exception("following the index's change feed failed")
            finally:
                close_old_connections()

    def wait(self, timeout: float | None = None) -> IndexStatus:
        """The status once the background build has ended (ready or failed), or after
        ``timeout`` seconds."""
        if self._thread is not None:
            self._started.wait(timeout)
        return self.status()

    def _vectors(
        self, matcher: Matcher, docs: Sequence[Document]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32] | None]:
        """Text and keyword vectors: stored ones where the text is unchanged; the rest are
        encoded and stored (keyword vectors under ``<doc_id>#kw``)."""
        model = self.model_name
        vectors = self._stored_vectors(
            [d.doc_id for d in docs],
            [content_hash(d, model) for d in docs],
            lambda rows: matcher.encode_documents([docs[i] for i in rows]),
        )
        with_kw = [i for i, d in enumerate(docs) if d.keywords]
        if not with_kw:
            return vectors, None
        kw_part = self._stored_vectors(
            [keyword_key(docs[i].doc_id) for i in with_kw],
            [keyword_hash(docs[i], model) for i in with_kw],
            lambda rows: matcher.encode_keywords([docs[with_kw[i]] for i in rows]),
        )
        kw_vectors = np.zeros_like(vectors)
        kw_vectors[with_kw] = kw_part
        return vectors, kw_vectors

    def _stored_vectors(
        self,
        keys: list[str],
        hashes: list[str],
        encode: Callable[[list[int]], npt.NDArray[np.float32]],
    ) -> npt.NDArray[np.float32]:
        model = self.model_name
        stored = {row.key: row for row in DocumentVector.objects.filter(key__in=keys)}
        missing = [
            i
            for i, (key, h) in enumerate(zip(keys, hashes, strict=True))
            if key not in stored or stored[key].content_hash != h
        ]
        fresh = encode(missing) if missing else None
        rows: list[npt.NDArray[np.float32]] = []
        fresh_at = {i: n for n, i in enumerate(missing)}
        for i, key in enumerate(keys):
            if i in fresh_at:
                assert fresh is not None
                rows.append(np.asarray(fresh[fresh_at[i]], dtype=np.float32))
            else:
                rows.append(np.frombuffer(stored[key].vector, dtype=np.float16).astype(np.float32))
        if missing:
            assert fresh is not None
            DocumentVector.objects.bulk_create(
                [
                    DocumentVector(
                        key=keys[i],
                        content_hash=hashes[i],
                        model=model,
                        dim=fresh.shape[1],
                        vector=np.asarray(fresh[n], dtype=np.float16).tobytes(),
                    )
                    for n, i in enumerate(missing)
                ],
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=["content_hash", "model", "dim", "vector", "updated_at"],
            )
        return np.vstack(rows)

    # -- incremental updates -------------------------------------------------------------

    def _link(self, link: Link) -> None:
        key = (link.entity_type, link.entity_id)
        with self._lock:
            old = self._parents.get(key)
            if old == (link.parent_type, link.parent_id):
                return
            self._rankings.clear()
            if old is not None:
                self.resources.unlink(link.entity_type, link.entity_id, *old)
            self.resources.link(link.entity_type, link.entity_id, link.parent_type, link.parent_id)
            self._parents[key] = (link.parent_type, link.parent_id)

    def upsert(self, documents: Iterable[Document], links: Iterable[Link] = ()) -> None:
        """Add or replace documents (needs go to the needs collection). An index that does
        not encode takes only documents whose vector is stored: the job that encodes the
        others writes a change when it has stored them."""
        if self._state == "empty":
            return  # nothing built in this process: the next build reads the database
        for link in links:
            self._link(link)
        docs = list(documents)
        if not self._encode:
            docs = self._stored_only(docs)
        for matcher, part in (
            (self.needs, [d for d in docs if d.entity_type == "need"]),
            (self.resources, [d for d in docs if d.entity_type != "need"]),
        ):
            if part:
                vectors, kw_vectors = self._vectors(matcher, part)
                with self._lock:
                    matcher.add(part, vectors=vectors, keyword_vectors=kw_vectors)
                    self._rankings.clear()

    def remove(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if self._state == "empty":
            return
        with self._lock:
            self._rankings.clear()
            self.resources.remove([i for i in ids if not i.startswith("need:")])
            self.needs.remove([i for i in ids if i.startswith("need:")])

    # -- following the change feed ------------------------------------------------------

    def follow(self, *, force: bool = False) -> int:
        """Apply the committed changes this index has not seen; returns how many.

        Called by the follower thread and before each query (at most every
        ``MATCHING_FOLLOW_MIN_S``); a call while another thread follows returns at once.
        """
        if not self._follow or self._state != "ready":
            return 0
        now = time.monotonic()
        if not force and now - self._last_follow < settings.MATCHING_FOLLOW_MIN_S:
            return 0
        if not self._follow_lock.acquire(blocking=force):
            return 0
        try:
            self._last_follow = now
            applied = 0
            while True:
                rows = self._cursor.read()
                if rows:
                    found = resolve({key for _, key in rows})
                    self.upsert(found.documents, found.links)
                    self.remove(found.gone)
                    applied += len(rows)
                complete = len(rows) < FOLLOW_BATCH
                self._cursor.advance(rows, complete)
                if complete:
                    if applied:
                        with self._lock:
                            self._indexed = len(self.resources) + len(self.needs)
                            self._total = max(self._total, self._indexed)
                    return applied
        finally:
            self._follow_lock.release()

    def mark_behind(self) -> None:
        """This process committed changes: the next query follows the feed at once, so that
        a user who saved a record finds it in the next match list this process serves."""
        self._last_follow = 0.0

    def heartbeat(self, *, force: bool = False) -> None:
        """Record where this process's index stands, for ``/healthz``."""
        now = time.monotonic()
        if not force and now - self._last_heartbeat < HEARTBEAT_S:
            return
        self._last_heartbeat = now
        IndexFollower.objects.update_or_create(
            name=process_name(),
            defaults={
                "state": self._state,
                "indexed": self._indexed,
                "applied": self._cursor.position,
                "seen_at": timezone.now(),
            },
        )

    # -- queries -------------------------------------------------------------------------

    def match_resources(
        self, text: str, types: Iterable[str], k: int, title: str = ""
    ) -> list[Match]:
        """Resources for a need's text; ``title``: the need's title when ``text`` is its whole
        text (see :meth:`techbridge.engine.Matcher.match`).

        A ranking asked again before the index or the glossary changes is answered from this
        process's recent rankings (opening a need's matches again, or by several readers:
        what each may see is applied by the caller)."""
        self.follow()
        key = (text, title, tuple(types), k, glossary.refresh().version)
        with self._lock:
            ranked = self._rankings.get(key)
            if ranked is not None:
                self._rankings.move_to_end(key)
                return list(ranked)
        vector = self.need_vector(text, title)
        with self._lock:
            ranked = self.resources.match(
                text,
                entity_types=list(key[2]),
                k=k,
                need_title=title,
                need_vector=vector,
                framing=(self.needs.lexical_.document_frequency, len(self.needs)),
            )
            self._rankings[key] = ranked
            while len(self._rankings) > RANKINGS_KEPT:
                self._rankings.popitem(last=False)
            return list(ranked)

    def need_vector(self, text: str, title: str = "") -> npt.NDArray[np.float32]:
        """The need's vector as the engine computes it (``Matcher.encode_need``), kept in the
        shared cache: it depends on the text, the title, the model and the settings alone, so
        every process reuses it until the need's text changes (which changes the key)."""
        recipe = f"{self.model_name}\x00{self.resources.config!r}\x00{title}\x00{text}"
        key = "matching:need-vector:" + hashlib.sha256(recipe.encode()).hexdigest()
        stored = cache.get(key)
        if isinstance(stored, bytes):
            return np.frombuffer(stored, dtype=np.float32).copy()
        with self._lock:
            vector = np.asarray(self.resources.encode_need(text, title)[0], dtype=np.float32)
        cache.set(key, vector.tobytes(), NEED_VECTOR_TTL_S)
        return vector

    def match_needs(self, text: str, k: int, exclude: Iterable[str] = ()) -> list[Match]:
        self.follow()
        glossary.refresh()
        with self._lock:
            return self.needs.match(text, entity_types=["need"], k=k, exclude_doc_ids=exclude)


def index_lag(active_within: dt.timedelta = dt.timedelta(minutes=2)) -> list[dict[str, object]]:
    """Each serving process that reported lately: its index's state, the changes it has not
    applied yet, and the age in seconds of the oldest of them (0: up to date)."""
    now = timezone.now()
    newest = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    out: list[dict[str, object]] = []
    for follower in IndexFollower.objects.filter(seen_at__gte=now - active_within):
        oldest = (
            IndexChange.objects.filter(id__gt=follower.applied)
            .order_by("id")
            .values_list("created_at", flat=True)
            .first()
        )
        out.append(
            {
                "name": follower.name,
                "state": follower.state,
                "indexed": follower.indexed,
                "behind": max(0, newest - follower.applied),
                "lag_s": round((now - oldest).total_seconds(), 1) if oldest else 0.0,
                "reported_s_ago": round((now - follower.seen_at).total_seconds(), 1),
            }
        )
    return out
