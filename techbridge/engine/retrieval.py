"""Candidate documents for a need, from the vector and the lexical indexes.

Each side proposes its top ``candidates`` documents: the dense side by cosine with the need's
vector (blended with the cosine of the document's keyword vector, when it has keywords), the
lexical side by BM25 over the need's analysed terms. The union of both is scored on both sides,
each score normalised, and the two fused (:mod:`techbridge.engine.fusion`). On a large
collection the lexical side runs on a worker thread beside the vector search.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from techbridge.engine.documents import MatcherConfig
from techbridge.engine.fusion import bm25_ceiling, fuse, normalise_dense, normalise_lexical
from techbridge.engine.languages import LanguageCentroids
from techbridge.engine.lexical import LexicalIndex
from techbridge.engine.text import Token, analyze, han_share
from techbridge.engine.translate import expand_query
from techbridge.engine.vectors import AutoIndex, ExactIndex, HNSWIndex, VectorIndex

__all__ = ["Candidates", "Retriever", "make_index"]

Keys = npt.NDArray[np.int64]
Scores = npt.NDArray[np.float32]

_lexical_pool: ThreadPoolExecutor | None = None
_lexical_pool_lock = threading.Lock()


def _one_kernel_thread() -> None:
    import numba

    numba.set_num_threads(1)  # per thread in numba: this worker's kernels run on one core


def _lexical_worker() -> ThreadPoolExecutor:
    """The worker threads for BM25 beside the vector search (created on first use)."""
    global _lexical_pool
    with _lexical_pool_lock:
        if _lexical_pool is None:
            _lexical_pool = ThreadPoolExecutor(
                max_workers=2, thread_name_prefix="techbridge-bm25", initializer=_one_kernel_thread
            )
        return _lexical_pool


def make_index(config: MatcherConfig, dim: int) -> VectorIndex:
    """The empty vector index ``config`` asks for (``index`` and its parameters)."""
    if config.index == "exact":
        return ExactIndex(dim)
    if config.index == "hnsw":
        return HNSWIndex(dim, **config.hnsw_params)
    if config.index == "auto":
        return AutoIndex(
            dim,
            threshold=config.index_threshold,
            **config.hnsw_params,
        )
    raise ValueError(f"unknown index {config.index!r}")


class Candidates(NamedTuple):
    """A need's candidate documents: keys (ascending) with their fused score, their normalised
    dense and lexical scores (``parts``, shape ``(2, n)``), the need's analysed tokens and its
    vector (shape ``(1, dim)``)."""

    keys: Keys
    fused: Scores
    parts: Scores
    tokens: list[Token]
    need_vector: Scores

    @classmethod
    def none(cls, need: str, dim: int) -> Candidates:
        """No candidate (an empty collection); the need analysed, its vector zeros."""
        empty = np.zeros(0, dtype=np.float32)
        no_need = np.zeros((1, dim), dtype=np.float32)
        return cls(np.zeros(0, dtype=np.int64), empty, empty, analyze(need), no_need)


class Retriever:
    """The document indexes by key: whole-text vectors, keyword vectors (documents with
    keywords only) and BM25 terms. Vector indexes are made on the first :meth:`add`, of the
    configured kind, unless one is given."""

    def __init__(self, lexical: LexicalIndex, vectors: VectorIndex | None = None) -> None:
        self.lexical = lexical
        self.vectors = vectors
        self.kw_vectors: VectorIndex | None = None

    def add(
        self,
        config: MatcherConfig,
        keys: Keys,
        vectors: npt.NDArray[np.float32],
        terms: Sequence[Sequence[str]],
        keyword_vectors: npt.NDArray[np.float32] | None,
    ) -> None:
        """Index documents ``keys`` (a known key is replaced): their vectors, their keyword
        vectors (a zero row or None: no keywords; a replaced document loses its old ones) and
        their index terms."""
        if self.vectors is None:
            self.vectors = make_index(config, vectors.shape[1])
        self.vectors.add(keys, vectors)
        has_kw = (
            np.zeros(len(keys), dtype=bool)
            if keyword_vectors is None
            else np.abs(np.asarray(keyword_vectors)).sum(axis=1) > 0
        )
        if keyword_vectors is not None and has_kw.any():
            kw = np.asarray(keyword_vectors, dtype=np.float32)
            if self.kw_vectors is None:
                # Scored by key, never searched: a graph over them would cost its build and its
                # memory for nothing, whatever index the whole-text vectors use.
                self.kw_vectors = ExactIndex(kw.shape[1])
            self.kw_vectors.add(keys[has_kw], kw[has_kw])
        if self.kw_vectors is not None and (~has_kw).any():
            stale = [k for k in keys[~has_kw].tolist() if k in self.kw_vectors]
            if stale:
                self.kw_vectors.remove(np.asarray(stale, dtype=np.int64))
        self.lexical.add(keys.tolist(), terms)

    def remove(self, keys: list[int]) -> None:
        """Drop documents ``keys`` from every index."""
        if self.vectors is not None:
            self.vectors.remove(np.asarray(keys, dtype=np.int64))
        if self.kw_vectors is not None:
            kw = [k for k in keys if k in self.kw_vectors]
            if kw:
                self.kw_vectors.remove(np.asarray(kw, dtype=np.int64))
        self.lexical.remove(keys)

    def lexical_side(
        self, need: str, depth: int, translation_weight: float = 0.0
    ) -> tuple[list[Token], dict[str, float], Keys, Scores]:
        """The need's analysed tokens, its BM25 query (term → weight, dictionary
        translations included) and its BM25 top ``depth`` (keys, scores)."""
        analysed = analyze(need)
        query = expand_query([t.term for t in analysed], translation_weight)
        keys, scores = self.lexical.search(query, depth)
        return analysed, query, keys, scores

    def candidates(
        self,
        config: MatcherConfig,
        need: str,
        need_vector: Scores,
        n_docs: int,
        excluded: list[int],
        han: npt.NDArray[np.float32] | None = None,
        centroids: LanguageCentroids | None = None,
    ) -> Candidates:
        """The need's candidates among ``n_docs`` indexed documents, ``excluded`` keys left
        out; ``han`` (every key's han share) and the collection's ``centroids`` for
        ``MatcherConfig.language_centring``."""
        if self.vectors is None:
            raise ValueError("no document vectors are indexed")
        depth = min(config.candidates, n_docs)
        # The lexical side (analysis, then BM25) runs beside the vector search on a large
        # collection (parallel_min_docs), after the encoding, which wants both cores.
        lexical_side: Future[tuple[list[Token], dict[str, float], Keys, Scores]] | None = None
        weight = config.translation_weight
        if n_docs >= config.parallel_min_docs:
            lexical_side = _lexical_worker().submit(self.lexical_side, need, depth, weight)
        d_keys, d_scores = self.vectors.search(need_vector, depth)
        ok = d_keys[0] >= 0
        dense_keys, dense_scores = d_keys[0][ok], d_scores[0][ok]
        analysed, query, l_keys, l_scores = (
            lexical_side.result()
            if lexical_side is not None
            else self.lexical_side(need, depth, weight)
        )
        # The union of both sides' candidates (sorted keys), each side's score put in place;
        # lexical-only candidates get their dense score from the stored vectors.
        keys = np.union1d(dense_keys, l_keys).astype(np.int64)
        cos = np.zeros(len(keys), dtype=np.float32)
        from_dense = np.searchsorted(keys, dense_keys)
        cos[from_dense] = dense_scores
        missing = np.ones(len(keys), dtype=bool)
        missing[from_dense] = False
        if missing.any():
            cos[missing] = self.vectors.score(need_vector, keys[missing]).reshape(-1)
        raw_lex = np.zeros(len(keys), dtype=np.float32)
        raw_lex[np.searchsorted(keys, l_keys)] = l_scores
        if excluded:
            kept = ~np.isin(keys, np.asarray(excluded, dtype=np.int64))
            keys, cos, raw_lex = keys[kept], cos[kept], raw_lex[kept]
        if self.kw_vectors is not None and len(self.kw_vectors) and config.keyword_weight > 0:
            rows = [i for i, k in enumerate(keys.tolist()) if k in self.kw_vectors]
            if rows:
                kw_cos = self.kw_vectors.score(need_vector, keys[rows]).reshape(-1)
                a = config.keyword_weight
                cos[rows] = (1 - a) * cos[rows] + a * kw_cos
        if config.language_centring > 0 and han is not None and centroids is not None:
            weight = config.language_centring
            cos += centroids.gains(need_vector, han_share(need), han[keys], weight)
        dense = normalise_dense(cos, config.dense_floor)
        ceiling = bm25_ceiling(query, self.lexical.document_frequency, n_docs, config.bm25_k1)
        lexical = normalise_lexical(raw_lex, config.lexical_norm, ceiling)
        fused = fuse(dense, lexical, config.dense_weight)
        return Candidates(keys, fused, np.stack([dense, lexical]), analysed, need_vector)
