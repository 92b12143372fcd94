"""The platform's matching index: the engine's matchers, fed from the database.

Two collections: resources (experts, achievements, and through links institutes and overseas
partners) and needs. Vectors are stored in :class:`DocumentVector`, so building the index
after a restart encodes only texts that are new or changed. Building runs in a background
thread; documents become searchable batch by batch, and ``status()`` reports progress.
Saved or deleted records reach the index through signals (``signals.py``) without a restart.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.db import close_old_connections, transaction

from techbridge.engine import Document, Match, Matcher

from .models import DocumentVector
from .sources import Link, Sources, content_hash, keyword_hash, keyword_key

log = logging.getLogger(__name__)

BATCH = 64


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
    """Resources and needs matchers with a lock; safe to use from request threads."""

    def __init__(self) -> None:
        self.resources = Matcher()
        self.needs = Matcher()
        self._lock = threading.RLock()
        self._state = "empty"
        self._indexed = 0
        self._total = 0
        self._error = ""
        self._thread: threading.Thread | None = None
        self._parents: dict[tuple[str, str], tuple[str, str]] = {}

    # -- status --------------------------------------------------------------------------

    def status(self) -> IndexStatus:
        return IndexStatus(self._state, self._indexed, self._total, self._error)

    @property
    def model_name(self) -> str:
        config = self.resources.config
        signature = getattr(self.resources.encoder_, "signature", "")
        return f"{config.encoder}:{config.encoder_params}" + (f":{signature}" if signature else "")

    # -- building ------------------------------------------------------------------------

    def build(self, sources: Sources | None = None, *, encode_missing: bool = True) -> IndexStatus:
        """Index every source document (blocking). Vectors already stored are reused.

        With ``encode_missing=False`` only documents whose vector is stored are indexed (web
        processes that leave encoding to a ``techbridge index build`` job).
        """
        sources = sources or Sources.everything()
        with self._lock:
            self._state, self._error = "building", ""
            self.resources, self.needs = Matcher(), Matcher()
            self._parents.clear()
            self._indexed = 0
        try:
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
                        self._indexed += len(batch)
        except Exception as error:  # reported on the pages; the log has the traceback
            log.exception("building the matching index failed")
            self._state, self._error = "failed", str(error)
            raise
        self._state = "ready"
        return self.status()

    def _stored_only(self, docs: list[Document]) -> list[Document]:
        model = self.model_name
        stored = dict(DocumentVector.objects.filter(model=model).values_list("key", "content_hash"))
        return [d for d in docs if stored.get(d.doc_id) == content_hash(d, model)]

    def start_background_build(
        self, sources: Sources | None = None, *, encode_missing: bool = True
    ) -> None:
        """Build in a daemon thread unless a build is running or done."""
        with self._lock:
            if self._state in ("building", "ready"):
                return
            self._state = "building"

            def run() -> None:
                try:
                    self.build(sources, encode_missing=encode_missing)
                except Exception:
                    pass
                finally:
                    close_old_connections()

            self._thread = threading.Thread(target=run, name="matching-index", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> IndexStatus:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
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
            with transaction.atomic():
                DocumentVector.objects.filter(key__in=[keys[i] for i in missing]).delete()
                DocumentVector.objects.bulk_create(
                    DocumentVector(
                        key=keys[i],
                        content_hash=hashes[i],
                        model=model,
                        dim=fresh.shape[1],
                        vector=np.asarray(fresh[n], dtype=np.float16).tobytes(),
                    )
                    for n, i in enumerate(missing)
                )
        return np.vstack(rows)

    # -- incremental updates -------------------------------------------------------------

    def _link(self, link: Link) -> None:
        key = (link.entity_type, link.entity_id)
        with self._lock:
            old = self._parents.get(key)
            if old == (link.parent_type, link.parent_id):
                return
            if old is not None:
                self.resources.unlink(link.entity_type, link.entity_id, *old)
            self.resources.link(link.entity_type, link.entity_id, link.parent_type, link.parent_id)
            self._parents[key] = (link.parent_type, link.parent_id)

    def upsert(self, documents: Iterable[Document], links: Iterable[Link] = ()) -> None:
        """Add or replace documents (needs go to the needs collection)."""
        if self._state == "empty":
            return  # nothing built in this process: the next build reads the database
        for link in links:
            self._link(link)
        docs = list(documents)
        for matcher, part in (
            (self.needs, [d for d in docs if d.entity_type == "need"]),
            (self.resources, [d for d in docs if d.entity_type != "need"]),
        ):
            if part:
                vectors, kw_vectors = self._vectors(matcher, part)
                with self._lock:
                    matcher.add(part, vectors=vectors, keyword_vectors=kw_vectors)

    def remove(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        DocumentVector.objects.filter(key__in=ids + [keyword_key(i) for i in ids]).delete()
        if self._state == "empty":
            return
        with self._lock:
            self.resources.remove([i for i in ids if not i.startswith("need:")])
            self.needs.remove([i for i in ids if i.startswith("need:")])

    # -- queries -------------------------------------------------------------------------

    def match_resources(
        self, text: str, types: Iterable[str], k: int, title: str = ""
    ) -> list[Match]:
        """Resources for a need's text; ``title``: the need's title when ``text`` is its whole
        text (see :meth:`techbridge.engine.Matcher.match`)."""
        with self._lock:
            return self.resources.match(text, entity_types=list(types), k=k, need_title=title)

    def match_needs(self, text: str, k: int, exclude: Iterable[str] = ()) -> list[Match]:
        with self._lock:
            return self.needs.match(text, entity_types=["need"], k=k, exclude_doc_ids=exclude)


_index: PlatformIndex | None = None
_index_lock = threading.Lock()


def get_index() -> PlatformIndex:
    """The process-wide index (built on demand)."""
    global _index
    with _index_lock:
        if _index is None:
            _index = PlatformIndex()
        return _index


def reset_index() -> PlatformIndex:
    """Replace the process-wide index with an empty one (tests, and before a new build)."""
    global _index
    with _index_lock:
        _index = PlatformIndex()
        return _index
