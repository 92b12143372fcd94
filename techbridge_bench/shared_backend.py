"""``--backend process|postgres`` for the quality benches (goldstandard, csl, xling).

A bench asks :func:`bench_rankers` for a ``fit(documents)`` function and ranks its queries
through what that returns: the in-process :class:`~techbridge.engine.matcher.Matcher`, or the
platform's shared index in PostgreSQL (:class:`~techbridge.matching.shared.SharedCollection`)
loaded with the same documents, through the same cached encoder and the same configuration.
Each ``fit`` empties the bench's collection and loads it again, as a new matcher starts empty.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from techbridge.engine.matcher import Document, DocumentHit, Match
from techbridge_bench.data import make_bench_matcher

if TYPE_CHECKING:
    from techbridge.matching.shared import SharedCollection

__all__ = ["BACKENDS", "BENCH_COLLECTION", "Ranker", "bench_rankers"]

BACKENDS = ("process", "postgres")
#: The shared index's collection the benches load (0 and 1 are the platform's).
BENCH_COLLECTION = 3


class Ranker(Protocol):
    """What the benches call: ``Matcher`` and ``SharedCollection`` both offer it."""

    def match(
        self,
        need: str,
        entity_types: Iterable[str] | None = None,
        k: int = 10,
        *,
        exclude_doc_ids: Iterable[str] = (),
        explain: bool = True,
        need_vector: npt.NDArray[np.float32] | None = None,
        need_title: str = "",
    ) -> list[Match]: ...

    def search(
        self,
        need: str,
        k: int = 10,
        *,
        exclude_doc_ids: Iterable[str] = (),
        need_vector: npt.NDArray[np.float32] | None = None,
        need_title: str = "",
    ) -> list[DocumentHit]: ...


Fit = Callable[..., Ranker]  # fit(documents, **config_overrides)


@contextlib.contextmanager
def bench_rankers(
    backend: str, cache_dir: Path | None, *, database_url: str = "", **overrides: Any
) -> Iterator[Fit]:
    """Yield ``fit(documents, **more_overrides) -> ranker`` for ``backend``; with ``postgres``
    on ``database_url`` (PostgreSQL with pgvector) or an embedded server started here, once
    for every fit."""
    if backend == "process":
        yield lambda docs, **more: make_bench_matcher(cache_dir, **(overrides | more)).fit(docs)
        return
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend!r}; one of {BACKENDS}")
    encoder = make_bench_matcher(cache_dir, **overrides).encoder_  # the cached encoder
    with contextlib.ExitStack() as stack:
        url = database_url or stack.enter_context(_embedded())
        data_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="techbridge-bench-"))
        from techbridge_bench.speed_postgres import _setup

        _setup(url, Path(data_dir), migrate=True)
        from techbridge.matching.shared import SharedCollection

        def fit(docs: Sequence[Document], **more: Any) -> Ranker:
            config = make_bench_matcher(cache_dir, **(overrides | more)).config
            return _load(SharedCollection(BENCH_COLLECTION, config, encoder=encoder), docs)

        yield fit


@contextlib.contextmanager
def _embedded() -> Iterator[str]:
    from techbridge.testing.postgres import embedded_postgres

    with embedded_postgres() as url:
        yield url


def _load(shared: SharedCollection, documents: Sequence[Document]) -> Ranker:
    """Empty the collection and load ``documents`` as the platform builds its index: their
    vectors and keyword vectors from the encoder, then the term weights, the HNSW indexes and
    the portfolio statistics."""
    from django.db import transaction

    from techbridge.matching.shared import writer_lock

    docs = list(documents)
    vectors = shared.encode_documents(docs)
    keyword_vectors = shared.encode_keywords(docs) if any(d.keywords for d in docs) else None
    with transaction.atomic():
        writer_lock()
        shared.clear()
        shared.add(docs, vectors=vectors, keyword_vectors=keyword_vectors)
        shared.reweight()
        shared.ensure_vector_indexes()
        shared.refresh_portfolios()
    ranker: Ranker = shared
    return ranker
