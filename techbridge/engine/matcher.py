"""The matching engine's one public entry point: :class:`Matcher`.

Typical use from the platform::

    from techbridge.engine import Document, Matcher

    matcher = Matcher()                     # defaults: e5 (8-bit) + BM25, weights from dev data
    matcher.add([
        Document("paper:17", entity_id="42", entity_type="expert", kind="paper",
                 title="Laser cladding of Ti-6Al-4V", text="We study ..."),
        Document("ach:3", entity_id="3", entity_type="achievement", kind="achievement",
                 title="高熵合金激光熔覆", text="..."),
    ])
    matcher.link("expert", "42", "institute", "7")   # expert 42 works at institute 7
    for m in matcher.match("需要钛合金表面强化技术", entity_types=["expert", "institute"], k=10):
        print(m.entity_type, m.entity_id, m.score, m.evidence[0].doc_id, m.terms_zh, m.terms_en)
    matcher.remove(["paper:17"])            # incremental: no rebuild
    matcher.save("/var/lib/techbridge/matcher")
    matcher = Matcher.load("/var/lib/techbridge/matcher")

Documents are indexed twice, by BM25 over jieba/Snowball terms and by an embedding, and a need
is scored against both (see :mod:`techbridge.engine.fusion`); document scores are aggregated to
their entity and the entity's ancestors (see :mod:`techbridge.engine.aggregate`).
"""

from __future__ import annotations

import functools
import itertools
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from techbridge.engine.aggregate import aggregate_scores
from techbridge.engine.calibration import FitCalibration, default_calibration
from techbridge.engine.documents import Document, DocumentHit, Evidence, Match, MatcherConfig
from techbridge.engine.encoders import Encoder, encode_need_passages, make_encoder, token_count
from techbridge.engine.explain import (
    align_terms,
    is_chinese,
    is_concept,
    shared_terms,
    split_by_language,
)
from techbridge.engine.fusion import bm25_ceiling, fuse, normalise_dense, normalise_lexical
from techbridge.engine.lexical import LexicalIndex
from techbridge.engine.portfolio import PortfolioStats
from techbridge.engine.text import Token, analyze, normalize, tokenize
from techbridge.engine.vectors import (
    AutoIndex,
    ExactIndex,
    HNSWIndex,
    IVFIndex,
    VectorIndex,
    load_index,
)

__all__ = ["Document", "DocumentHit", "Evidence", "Match", "Matcher", "MatcherConfig"]

# 2: keyword vectors (``kw_vectors/``) and the keyword/title/portfolio settings.
FORMAT_VERSION = 2
EntityRef = tuple[str, str]
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


def _make_index(config: MatcherConfig, dim: int) -> VectorIndex:
    if config.index == "exact":
        return ExactIndex(dim)
    if config.index == "hnsw":
        return HNSWIndex(dim, **config.hnsw_params)
    if config.index == "ivf":
        return IVFIndex(dim, **config.ann_params)
    if config.index == "auto":
        params = config.hnsw_params if config.approximate == "hnsw" else config.ann_params
        return AutoIndex(
            dim,
            threshold=config.index_threshold,
            approximate_kind=config.approximate,
            **params,
        )
    raise ValueError(f"unknown index {config.index!r}")


class Matcher:
    """Ranks experts, institutes, achievements and partners for a technology need.

    Construct with a :class:`MatcherConfig` (or keyword overrides of it), optionally an encoder
    instance (e.g. a cached one) or a registered encoder name, a vector index (any
    implementation of :class:`~techbridge.engine.vectors.VectorIndex`) and the score-to-fit
    map (:class:`~techbridge.engine.calibration.FitCalibration`; default: the one shipped).
    Then :meth:`add` documents, :meth:`link` entities to their parents, and :meth:`match` needs.
    """

    def __init__(
        self,
        config: MatcherConfig | None = None,
        *,
        encoder: Encoder | str | None = None,
        vector_index: VectorIndex | None = None,
        calibration: FitCalibration | None = None,
        **overrides: Any,
    ) -> None:
        base = asdict(config) if config is not None else {}
        base.update(overrides)
        if isinstance(encoder, str):
            base["encoder"] = encoder
            encoder = None
        self.config = MatcherConfig.from_dict(base)
        self.encoder: Encoder | None = encoder
        self.vector_index = vector_index
        self.calibration = calibration
        self._reset()

    # -- state -------------------------------------------------------------------------------

    def _reset(self) -> None:
        if self.encoder is None:
            self.encoder = make_encoder(self.config.encoder, **self.config.encoder_params)
        self.encoder_: Encoder = self.encoder
        self.vectors_: VectorIndex | None = self.vector_index
        self.kw_vectors_: VectorIndex | None = None
        self._portfolio: PortfolioStats | None = None
        self._portfolio_dirty = True
        self.lexical_ = LexicalIndex(k1=self.config.bm25_k1, b=self.config.bm25_b)
        self.doc_key_: dict[str, int] = {}
        self.doc_ids_: list[str | None] = []
        self.doc_titles_: list[str] = []
        self.doc_kinds_: list[str] = []
        # Each key's entity (-1: a free key), an array that grows by doubling, so it may be
        # longer than doc_ids_: a need's ~2,000 candidates are looked up at once.
        self.doc_entity_: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self.entities_: list[EntityRef] = []
        self.entity_index_: dict[EntityRef, int] = {}
        self.parents_: dict[int, set[int]] = {}
        self._free_keys: list[int] = []
        self._term_vectors: dict[str, npt.NDArray[np.float32]] = {}

    def __len__(self) -> int:
        return len(self.doc_key_)

    def _entity(self, ref: EntityRef) -> int:
        idx = self.entity_index_.get(ref)
        if idx is None:
            idx = len(self.entities_)
            self.entities_.append(ref)
            self.entity_index_[ref] = idx
        return idx

    def _vectors(self, dim: int) -> VectorIndex:
        if self.vectors_ is None:
            self.vectors_ = _make_index(self.config, dim)
        return self.vectors_

    def _kw_vectors(self, dim: int) -> VectorIndex:
        if self.kw_vectors_ is None:
            self.kw_vectors_ = _make_index(self.config, dim)
        return self.kw_vectors_

    # -- building ----------------------------------------------------------------------------

    def fit(self, documents: Iterable[Document]) -> Matcher:
        """Index a collection from scratch (drops what was there)."""
        self._reset()
        docs = list(documents)
        self.add(docs)
        return self

    def add(
        self,
        documents: Sequence[Document],
        *,
        vectors: npt.NDArray[np.float32] | None = None,
        terms: Sequence[Sequence[str]] | None = None,
        keyword_vectors: npt.NDArray[np.float32] | None = None,
    ) -> Matcher:
        """Add documents, or replace those whose ``doc_id`` is already indexed.

        ``vectors`` (rows aligned with ``documents``, from :meth:`encode_documents`),
        ``keyword_vectors`` (from :meth:`encode_keywords`; a zero row for a document without
        keywords) and ``terms`` (from :func:`~techbridge.engine.text.tokenize`) may be passed
        when the caller has them stored, to skip encoding/analysis.
        """
        if not documents:
            return self
        ids = [d.doc_id for d in documents]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate doc_id in one add() call")
        if vectors is None:
            vectors = self.encode_documents(documents)
        if terms is None:
            terms = [tokenize(d.index_text) for d in documents]
        if keyword_vectors is None and any(d.keywords for d in documents):
            keyword_vectors = self.encode_keywords(documents)
        keys: list[int] = []
        owners: list[int] = []
        for doc in documents:
            ent = self._entity((doc.entity_type, doc.entity_id))
            owners.append(ent)
            key = self.doc_key_.get(doc.doc_id)
            if key is None:
                if self._free_keys:
                    key = self._free_keys.pop()
                else:
                    key = len(self.doc_ids_)
                    self.doc_ids_.append(None)
                    self.doc_titles_.append("")
                    self.doc_kinds_.append("")
                self.doc_key_[doc.doc_id] = key
            self.doc_ids_[key] = doc.doc_id
            self.doc_titles_[key] = doc.title or doc.text[:80]
            self.doc_kinds_[key] = doc.kind
            keys.append(key)
        key_arr = np.asarray(keys, dtype=np.int64)
        if len(self.doc_entity_) < len(self.doc_ids_):
            grown = np.full(max(len(self.doc_ids_), 2 * len(self.doc_entity_)), -1, np.int64)
            grown[: len(self.doc_entity_)] = self.doc_entity_
            self.doc_entity_ = grown
        self.doc_entity_[key_arr] = owners
        self._vectors(vectors.shape[1]).add(key_arr, vectors)
        has_kw = (
            np.zeros(len(keys), dtype=bool)
            if keyword_vectors is None
            else np.abs(np.asarray(keyword_vectors)).sum(axis=1) > 0
        )
        if keyword_vectors is not None and has_kw.any():
            kw = np.asarray(keyword_vectors, dtype=np.float32)
            self._kw_vectors(kw.shape[1]).add(key_arr[has_kw], kw[has_kw])
        if self.kw_vectors_ is not None and (~has_kw).any():
            stale = [k for k in key_arr[~has_kw].tolist() if k in self.kw_vectors_]
            if stale:
                self.kw_vectors_.remove(np.asarray(stale, dtype=np.int64))
        self.lexical_.add(keys, terms)
        self._portfolio_dirty = True
        return self

    def remove(self, doc_ids: Iterable[str]) -> Matcher:
        """Delete documents by id (unknown ids are ignored); no rebuild."""
        keys = [k for d in doc_ids if (k := self.doc_key_.pop(d, None)) is not None]
        if not keys:
            return self
        if self.vectors_ is not None:
            self.vectors_.remove(np.asarray(keys, dtype=np.int64))
        if self.kw_vectors_ is not None:
            kw = [k for k in keys if k in self.kw_vectors_]
            if kw:
                self.kw_vectors_.remove(np.asarray(kw, dtype=np.int64))
        self.lexical_.remove(keys)
        self._portfolio_dirty = True
        for key in keys:
            self.doc_ids_[key] = None
            self._free_keys.append(key)
        self.doc_entity_[keys] = -1
        return self

    def link(self, entity_type: str, entity_id: str, parent_type: str, parent_id: str) -> Matcher:
        """Declare that an entity belongs to a parent (expert → institute, ...): the parent is
        then also scored from the child's documents."""
        child = self._entity((entity_type, entity_id))
        parent = self._entity((parent_type, parent_id))
        self.parents_.setdefault(child, set()).add(parent)
        self._portfolio_dirty = True
        return self

    def unlink(self, entity_type: str, entity_id: str, parent_type: str, parent_id: str) -> Matcher:
        """Undo :meth:`link`."""
        child = self.entity_index_.get((entity_type, entity_id))
        parent = self.entity_index_.get((parent_type, parent_id))
        if child is not None and parent is not None:
            self.parents_.get(child, set()).discard(parent)
            self._portfolio_dirty = True
        return self

    def encode_documents(self, documents: Sequence[Document]) -> npt.NDArray[np.float32]:
        """The document vectors :meth:`add` would compute (to store them elsewhere)."""
        return self.encoder_.encode_documents([d.index_text for d in documents])

    def encode_keywords(self, documents: Sequence[Document]) -> npt.NDArray[np.float32]:
        """The keyword vectors :meth:`add` would compute: one row per document, zeros for a
        document without keywords (keywords are embedded like documents, ``passage:``)."""
        out = np.zeros((len(documents), self.encoder_.dim), dtype=np.float32)
        rows = [i for i, d in enumerate(documents) if d.keyword_text]
        if rows:
            out[rows] = self.encoder_.encode_documents([documents[i].keyword_text for i in rows])
        return out

    def need_side(self, need: str) -> str:
        """``"query"`` or ``"passage"``: how :meth:`encode_need` embeds this need."""
        side = self.config.need_encoding
        if side == "auto":
            long = token_count(self.encoder_, need) >= self.config.need_passage_tokens
            return "passage" if long else "query"
        if side not in ("query", "passage"):
            raise ValueError(f"unknown need_encoding {side!r}")
        return side

    def encode_need(self, need: str, title: str = "") -> npt.NDArray[np.float32]:
        """The need's vector, shape ``(1, dim)``, as :meth:`match` computes it.

        A long need (``passage`` side) with a ``title`` blends in the title's query vector
        (``need_title_weight``); a short need is embedded whole as a query.
        """
        if self.need_side(need) == "query":
            return self.encoder_.encode_queries([need])
        vec = encode_need_passages(self.encoder_, [need])
        a = self.config.need_title_weight
        if title.strip() and a > 0:
            vec = (1 - a) * vec + a * self.encoder_.encode_queries([title.strip()])
        return np.asarray(vec, dtype=np.float32)

    # -- scoring -----------------------------------------------------------------------------

    def _doc_scores(
        self,
        need: str,
        exclude_doc_ids: Iterable[str],
        need_vector: npt.NDArray[np.float32] | None = None,
        need_title: str = "",
    ) -> tuple[
        npt.NDArray[np.int64],
        npt.NDArray[np.float32],
        npt.NDArray[np.float32],
        list[Token],
        npt.NDArray[np.float32],
    ]:
        """Candidate document keys with fused, dense (normalised) and lexical scores, the
        need's analysed tokens and its vector."""
        cfg = self.config
        n = len(self)
        if n == 0 or self.vectors_ is None:
            empty = np.zeros(0, dtype=np.float32)
            no_need = np.zeros((1, self.encoder_.dim), dtype=np.float32)
            return np.zeros(0, dtype=np.int64), empty, empty, analyze(need), no_need
        depth = min(cfg.candidates, n)
        qv = (
            self.encode_need(need, need_title)
            if need_vector is None
            else np.asarray(need_vector, dtype=np.float32).reshape(1, -1)
        )
        # The lexical side (analysis, then BM25) runs beside the vector search on a large
        # collection (parallel_min_docs), after the encoding, which wants both cores.
        lexical_side: Future[tuple[list[Token], Keys, Scores]] | None = None
        if n >= cfg.parallel_min_docs:
            lexical_side = _lexical_worker().submit(self._lexical_side, need, depth)
        d_keys, d_scores = self.vectors_.search(qv, depth)
        ok = d_keys[0] >= 0
        dense_keys, dense_scores = d_keys[0][ok], d_scores[0][ok]
        analysed, l_keys, l_scores = (
            lexical_side.result() if lexical_side is not None else self._lexical_side(need, depth)
        )
        tokens = [t.term for t in analysed]
        # The union of both sides' candidates (sorted keys), each side's score put in place;
        # lexical-only candidates get their dense score from the stored vectors.
        keys = np.union1d(dense_keys, l_keys).astype(np.int64)
        cos = np.zeros(len(keys), dtype=np.float32)
        from_dense = np.searchsorted(keys, dense_keys)
        cos[from_dense] = dense_scores
        missing = np.ones(len(keys), dtype=bool)
        missing[from_dense] = False
        if missing.any():
            cos[missing] = self.vectors_.score(qv, keys[missing]).reshape(-1)
        raw_lex = np.zeros(len(keys), dtype=np.float32)
        raw_lex[np.searchsorted(keys, l_keys)] = l_scores
        excluded = [self.doc_key_[d] for d in exclude_doc_ids if d in self.doc_key_]
        if excluded:
            kept = ~np.isin(keys, np.asarray(excluded, dtype=np.int64))
            keys, cos, raw_lex = keys[kept], cos[kept], raw_lex[kept]
        if self.kw_vectors_ is not None and len(self.kw_vectors_) and cfg.keyword_weight > 0:
            rows = [i for i, k in enumerate(keys.tolist()) if k in self.kw_vectors_]
            if rows:
                kw_cos = self.kw_vectors_.score(qv, keys[rows]).reshape(-1)
                a = cfg.keyword_weight
                cos[rows] = (1 - a) * cos[rows] + a * kw_cos
        dense = normalise_dense(cos, cfg.dense_floor)
        ceiling = bm25_ceiling(tokens, self.lexical_.document_frequency, n, cfg.bm25_k1)
        lexical = normalise_lexical(raw_lex, cfg.lexical_norm, ceiling)
        fused = fuse(dense, lexical, cfg.dense_weight)
        return keys, fused, np.stack([dense, lexical]), analysed, qv

    def _lexical_side(self, need: str, depth: int) -> tuple[list[Token], Keys, Scores]:
        """The need's analysed tokens and its BM25 top ``depth`` (keys, scores)."""
        analysed = analyze(need)
        keys, scores = self.lexical_.search([t.term for t in analysed], depth)
        return analysed, keys, scores

    def search(
        self,
        need: str,
        k: int = 10,
        *,
        exclude_doc_ids: Iterable[str] = (),
        need_vector: npt.NDArray[np.float32] | None = None,
        need_title: str = "",
    ) -> list[DocumentHit]:
        """Document-level ranking for a need (no aggregation); ``need_vector`` and
        ``need_title`` as in :meth:`match`."""
        keys, fused, parts, _, _ = self._doc_scores(need, exclude_doc_ids, need_vector, need_title)
        order = np.argsort(-fused, kind="stable")[:k]
        hits = []
        for i in order.tolist():
            key = int(keys[i])
            etype, eid = self.entities_[self.doc_entity_[key]]
            hits.append(
                DocumentHit(
                    doc_id=str(self.doc_ids_[key]),
                    entity_type=etype,
                    entity_id=eid,
                    score=float(fused[i]),
                    dense=float(parts[0, i]),
                    lexical=float(parts[1, i]),
                )
            )
        return hits

    def _owners(
        self, keys: npt.NDArray[np.int64], types: set[str] | None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(row, entity) pairs: each candidate row of ``keys`` for its document's entity and
        that entity's ancestors (linked institutes...), of ``types`` only (None: all), rows in
        ascending order and, within a row, the entity before its ancestors."""
        ents = self.doc_entity_[keys]
        rows = np.arange(len(keys), dtype=np.int64)
        grp = ents
        if self.parents_:
            parents = self.parents_
            cache: dict[int, list[int]] = {}
            extra_rows: list[int] = []
            extra_grp: list[int] = []
            for row, ent in enumerate(ents.tolist()):
                if ent in parents:
                    above = cache.get(ent)
                    if above is None:
                        above = cache[ent] = self._ancestors(ent)
                    extra_rows.extend([row] * len(above))
                    extra_grp.extend(above)
            if extra_rows:
                rows = np.concatenate([rows, np.asarray(extra_rows, dtype=np.int64)])
                grp = np.concatenate([grp, np.asarray(extra_grp, dtype=np.int64)])
                order = np.argsort(rows, kind="stable")
                rows, grp = rows[order], grp[order]
        if types is not None:
            entities = self.entities_
            wanted = np.fromiter((entities[g][0] in types for g in grp.tolist()), bool, len(grp))
            rows, grp = rows[wanted], grp[wanted]
        return rows, grp

    def _ancestors(self, entity: int) -> list[int]:
        out: list[int] = []
        stack = list(self.parents_.get(entity, ()))
        while stack:
            e = stack.pop()
            if e not in out:
                out.append(e)
                stack.extend(self.parents_.get(e, ()))
        return out

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
    ) -> list[Match]:
        """Rank entities for a need (Chinese, English or mixed text).

        ``entity_types`` restricts the result (None: all types); ``k`` is the number of matches
        (``k <= 0``: all scored entities); ``exclude_doc_ids`` leaves documents out (e.g. the
        need's own record). Each :class:`Match` carries its evidence documents and, when
        ``explain``, the shared key terms in Chinese and English. ``need_title`` is the need's
        title when ``need`` is its whole text (a long need's vector blends it in, see
        :meth:`encode_need`). ``need_vector`` is the need's stored :meth:`encode_need` vector,
        to skip encoding it again.
        """
        cfg = self.config
        keys, fused, parts, analysed, qv = self._doc_scores(
            need, exclude_doc_ids, need_vector, need_title
        )
        types = set(entity_types) if entity_types is not None else None
        rows, grp = self._owners(keys, types)
        if not len(rows):
            return []
        scores, seen = aggregate_scores(
            fused[rows], grp, len(self.entities_), cfg.agg_k, cfg.agg_decay
        )
        self._add_portfolio(scores, seen, qv, types, exclude_doc_ids)
        cand = np.flatnonzero(seen)
        order = cand[np.argsort(-scores[cand], kind="stable")]
        if k > 0:
            order = order[:k]
        need_tokens = analysed if explain else []
        # Each need term's document frequency, looked up once for all the explanations.
        df = functools.lru_cache(maxsize=None)(self.lexical_.document_frequency)
        need_words = self._key_words(need_tokens, df) if explain else []
        calibration = self.calibration or default_calibration()
        out = []
        for ent in order.tolist():
            mine = rows[grp == ent]
            best = mine[np.argsort(-fused[mine], kind="stable")][: cfg.evidence_k]
            evidence = tuple(
                Evidence(
                    doc_id=str(self.doc_ids_[int(keys[r])]),
                    title=self.doc_titles_[int(keys[r])],
                    kind=self.doc_kinds_[int(keys[r])],
                    score=float(fused[r]),
                    dense=float(parts[0, r]),
                    lexical=float(parts[1, r]),
                )
                for r in best.tolist()
            )
            zh: tuple[str, ...] = ()
            en: tuple[str, ...] = ()
            pairs: list[tuple[str, str]] = []
            if explain:
                ev_terms = [self.lexical_.tokens_.get(int(keys[r]), ()) for r in best.tolist()]
                terms = shared_terms(
                    need_tokens,
                    ev_terms,
                    df,
                    len(self),
                    limit=cfg.terms_k,
                    need_text=need,
                )
                zh, en = split_by_language(terms)
                if not terms and cfg.align_threshold > 0:
                    pairs = self._aligned(need_words, [e.title for e in evidence])
                    zh = tuple(dict.fromkeys(a if is_chinese(a) else b for a, b in pairs))
                    en = tuple(dict.fromkeys(b if is_chinese(a) else a for a, b in pairs))
            etype, eid = self.entities_[ent]
            score = float(scores[ent])
            fit = calibration.percent(score)
            out.append(Match(etype, eid, score, evidence, zh, en, tuple(pairs), fit))
        return out

    # -- portfolios ----------------------------------------------------------------------------

    def _portfolio_owners(self) -> tuple[list[int], list[int]]:
        """(document key, portfolio entity) for every document counted in a portfolio."""
        keys = np.fromiter(self.doc_key_.values(), np.int64, len(self.doc_key_))
        rows, owners = self._owners(keys, set(self.config.portfolio_types))
        return keys[rows].tolist(), owners.tolist()

    def _doc_vectors(self, keys: Sequence[int]) -> npt.NDArray[np.float32] | None:
        """Stored vectors of ``keys`` (None when the vector index cannot give them back)."""
        items = getattr(self.vectors_, "items", None)
        if items is None or not keys:
            return None
        all_keys, all_vecs = items()
        row = {int(k): i for i, k in enumerate(np.asarray(all_keys).tolist())}
        if any(k not in row for k in keys):
            return None
        return np.asarray(all_vecs, dtype=np.float32)[[row[k] for k in keys]]

    def _portfolio_stats(self) -> PortfolioStats | None:
        if self._portfolio_dirty:
            self._portfolio = None
            doc_keys, owners = self._portfolio_owners()
            vecs = self._doc_vectors(doc_keys)
            if vecs is not None:
                self._portfolio = PortfolioStats.build(
                    vecs, np.asarray(owners, dtype=np.int64), self.config.portfolio_shrinkage
                )
            self._portfolio_dirty = False
        return self._portfolio

    def _add_portfolio(
        self,
        scores: npt.NDArray[np.float32],
        seen: npt.NDArray[np.bool_],
        qv: npt.NDArray[np.float32],
        types: set[str] | None,
        exclude_doc_ids: Iterable[str],
    ) -> None:
        """Blend the portfolio score into the scores of seen portfolio entities (in place)."""
        cfg = self.config
        wanted = set(cfg.portfolio_types) if types is None else types & set(cfg.portfolio_types)
        if cfg.portfolio_weight <= 0 or not wanted or not float(np.abs(qv).sum()):
            return
        stats = self._portfolio_stats()
        if stats is None:
            return
        exclude: list[tuple[npt.NDArray[np.floating], int]] = []
        ex_keys = [self.doc_key_[d] for d in exclude_doc_ids if d in self.doc_key_]
        if ex_keys:
            vecs = self._doc_vectors(ex_keys)
            if vecs is not None:
                for key, vec in zip(ex_keys, vecs, strict=True):
                    ent = int(self.doc_entity_[key])
                    for owner in [ent, *self._ancestors(ent)]:
                        exclude.append((vec, owner))
        owners, pscore = stats.scores(qv, exclude)
        keep = seen[owners]
        if not keep.any():
            return
        rows = owners[keep]
        b = cfg.portfolio_weight
        blended = (scores[rows] + b * pscore[keep]) / (1 + b)
        scores[rows] = np.clip(blended, 0.0, 1.0).astype(np.float32)

    def _key_words(self, tokens: Sequence[Token], frequency: Callable[[str], int]) -> list[str]:
        """The need's surface words, rarest in the collection first (at most ``terms_k``);
        ``frequency``: a term's document frequency (the match's memo of the lexical index's)."""
        df = {t.term: frequency(t.term) for t in tokens}
        words: dict[str, int] = {}
        for tok in tokens:
            if is_concept(tok.surface):
                words.setdefault(tok.surface, df[tok.term])
        ranked = sorted(words, key=lambda w: words[w])
        return ranked[: self.config.terms_k]

    def _aligned(self, need_words: list[str], titles: list[str]) -> list[tuple[str, str]]:
        """Cross-script pairs between the need's key words and the evidence titles' words
        (single words and adjacent Latin word pairs, e.g. "titanium alloy")."""
        words: list[str] = []
        for title in titles:
            toks = analyze(title)
            written = normalize(title)
            words.extend(t.surface for t in toks if is_concept(t.surface))
            words.extend(
                f"{a.surface} {b.surface}"
                for a, b in itertools.pairwise(toks)
                if not is_chinese(a.surface)
                and not is_chinese(b.surface)
                and (is_concept(a.surface) or is_concept(b.surface))
                and f"{a.surface} {b.surface}" in written
            )
        if not words or not need_words:
            return []
        return align_terms(
            need_words,
            words,
            self._embed_terms,
            self.config.align_threshold,
            self.config.align_margin,
            limit=self.config.terms_k,
        )

    def _embed_terms(self, words: Sequence[str]) -> npt.NDArray[np.float32]:
        """Term vectors (e5 ``query:`` side, as for short texts), cached per matcher."""
        todo = [w for w in dict.fromkeys(words) if w not in self._term_vectors]
        if todo:
            if len(self._term_vectors) > 50_000:
                self._term_vectors.clear()
            fresh = self.encoder_.encode_queries(todo)
            self._term_vectors.update(zip(todo, fresh, strict=True))
        return np.stack([self._term_vectors[w] for w in words])

    # -- persistence -------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the whole matcher under directory ``path`` (versioned format)."""
        root = Path(path)
        root.mkdir(parents=True, exist_ok=True)
        live = sorted(self.doc_key_.values())
        docs = [
            {
                "key": key,
                "doc_id": self.doc_ids_[key],
                "title": self.doc_titles_[key],
                "kind": self.doc_kinds_[key],
                "entity": int(self.doc_entity_[key]),
            }
            for key in live
        ]
        state = {
            "format": FORMAT_VERSION,
            "config": asdict(self.config),
            "encoder": {"name": self.encoder_.name, "dim": self.encoder_.dim},
            "entities": [list(e) for e in self.entities_],
            "parents": {str(c): sorted(p) for c, p in self.parents_.items()},
            "n_keys": len(self.doc_ids_),
        }
        (root / "matcher.json").write_text(json.dumps(state, ensure_ascii=False))
        with open(root / "documents.jsonl", "w", encoding="utf-8") as fh:
            for row in docs:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.lexical_.save(root / "lexical")
        if self.vectors_ is not None:
            self.vectors_.save(root / "vectors")
        if self.kw_vectors_ is not None:
            self.kw_vectors_.save(root / "kw_vectors")

    @classmethod
    def load(
        cls,
        path: str | Path,
        *,
        encoder: Encoder | None = None,
        vector_index: VectorIndex | None = None,
    ) -> Matcher:
        """Read a matcher written by :meth:`save`; refuses formats newer than this code."""
        root = Path(path)
        state = json.loads((root / "matcher.json").read_text())
        if int(state["format"]) > FORMAT_VERSION:
            raise ValueError(f"matcher format {state['format']} is newer than this code reads")
        matcher = cls(
            MatcherConfig.from_dict(state["config"]), encoder=encoder, vector_index=vector_index
        )
        if matcher.encoder_.name != state["encoder"]["name"]:
            raise ValueError(
                f"saved with encoder {state['encoder']['name']!r}, "
                f"loading with {matcher.encoder_.name!r}"
            )
        matcher.entities_ = [(e[0], e[1]) for e in state["entities"]]
        matcher.entity_index_ = {e: i for i, e in enumerate(matcher.entities_)}
        matcher.parents_ = {int(c): set(p) for c, p in state["parents"].items()}
        n_keys = int(state["n_keys"])
        matcher.doc_ids_ = [None] * n_keys
        matcher.doc_titles_ = [""] * n_keys
        matcher.doc_kinds_ = [""] * n_keys
        matcher.doc_entity_ = np.full(n_keys, -1, dtype=np.int64)
        with open(root / "documents.jsonl", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                key = int(row["key"])
                matcher.doc_ids_[key] = row["doc_id"]
                matcher.doc_titles_[key] = row["title"]
                matcher.doc_kinds_[key] = row["kind"]
                matcher.doc_entity_[key] = int(row["entity"])
                matcher.doc_key_[row["doc_id"]] = key
        matcher._free_keys = [k for k in range(n_keys) if matcher.doc_ids_[k] is None]
        matcher.lexical_ = LexicalIndex.load(root / "lexical")
        if vector_index is None and (root / "vectors").exists():
            matcher.vectors_ = load_index(root / "vectors")
        if (root / "kw_vectors").exists():
            matcher.kw_vectors_ = load_index(root / "kw_vectors")
        matcher._portfolio_dirty = True
        return matcher
