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

The matcher is a facade over parts that each do one job:

- :mod:`~techbridge.engine.catalog`: documents by key, their owners, entities and parent links;
- :mod:`~techbridge.engine.encoders`: texts, keywords and needs to vectors;
- :mod:`~techbridge.engine.retrieval`: candidate documents from the vector and BM25 indexes,
  scored by :mod:`~techbridge.engine.fusion`;
- :mod:`~techbridge.engine.aggregate` and :mod:`~techbridge.engine.portfolio`: document scores
  to entities and their ancestors, blended with the portfolio view;
- :mod:`~techbridge.engine.explain`: the key terms that say why;
- :mod:`~techbridge.engine.persistence`: the on-disk format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from techbridge.engine import persistence
from techbridge.engine.aggregate import aggregate_scores, best_rows, entity_rows, top_entities
from techbridge.engine.calibration import (
    FitCalibration,
    chinese_lift,
    default_calibration,
    default_chinese_cosines,
)
from techbridge.engine.catalog import Catalog, EntityRef
from techbridge.engine.documents import Document, DocumentHit, Evidence, Match, MatcherConfig
from techbridge.engine.encoders import (
    Encoder,
    encode_keyword_texts,
    encode_need,
    make_encoder,
    need_side,
)
from techbridge.engine.explain import NeedExplainer, TermVectors, framing_terms
from techbridge.engine.languages import LanguageCentroids
from techbridge.engine.lexical import LexicalIndex
from techbridge.engine.portfolio import Portfolios, stored_vectors
from techbridge.engine.retrieval import Candidates, Retriever
from techbridge.engine.text import Token, han_share, tokenize
from techbridge.engine.vectors import VectorIndex

__all__ = ["Document", "DocumentHit", "Evidence", "Match", "Matcher", "MatcherConfig"]

Matrix = npt.NDArray[np.float32]


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

    def _reset(self) -> None:
        if self.encoder is None:
            self.encoder = make_encoder(self.config.encoder, **self.config.encoder_params)
        self.encoder_: Encoder = self.encoder
        self.catalog_ = Catalog()
        lexical = LexicalIndex(k1=self.config.bm25_k1, b=self.config.bm25_b)
        self.retriever_ = Retriever(lexical, self.vector_index)
        self.portfolios_ = Portfolios(self.catalog_)
        self._centroids: LanguageCentroids | None = None
        self._centroids_stale = True
        self.term_vectors_ = TermVectors(self.encoder_.encode_queries)

    def __len__(self) -> int:
        return len(self.catalog_)

    # The indexes and the catalog's tables, under the names callers read them by.
    @property
    def vectors_(self) -> VectorIndex | None:
        return self.retriever_.vectors

    @vectors_.setter
    def vectors_(self, index: VectorIndex | None) -> None:
        self.retriever_.vectors = index

    @property
    def kw_vectors_(self) -> VectorIndex | None:
        return self.retriever_.kw_vectors

    @property
    def lexical_(self) -> LexicalIndex:
        return self.retriever_.lexical

    @property
    def doc_key_(self) -> dict[str, int]:
        return self.catalog_.doc_key

    @property
    def doc_ids_(self) -> list[str | None]:
        return self.catalog_.doc_ids

    @property
    def doc_entity_(self) -> npt.NDArray[np.int64]:
        return self.catalog_.doc_entity

    @property
    def entities_(self) -> list[EntityRef]:
        return self.catalog_.entities

    @property
    def entity_index_(self) -> dict[EntityRef, int]:
        return self.catalog_.entity_index

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
        vectors: Matrix | None = None,
        terms: Sequence[Sequence[str]] | None = None,
        keyword_vectors: Matrix | None = None,
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
        keys = self.catalog_.register(documents)
        self.retriever_.add(self.config, keys, vectors, terms, keyword_vectors)
        self.portfolios_.invalidate()
        self._centroids_stale = True
        return self

    def remove(self, doc_ids: Iterable[str]) -> Matcher:
        """Delete documents by id (unknown ids are ignored); no rebuild."""
        keys = self.catalog_.release(doc_ids)
        if keys:
            self.retriever_.remove(keys)
            self.portfolios_.invalidate()
            self._centroids_stale = True
        return self

    def link(self, entity_type: str, entity_id: str, parent_type: str, parent_id: str) -> Matcher:
        """Declare that an entity belongs to a parent (expert → institute, ...): the parent is
        then also scored from the child's documents."""
        self.catalog_.link((entity_type, entity_id), (parent_type, parent_id))
        self.portfolios_.invalidate()
        return self

    def unlink(self, entity_type: str, entity_id: str, parent_type: str, parent_id: str) -> Matcher:
        """Undo :meth:`link`."""
        if self.catalog_.unlink((entity_type, entity_id), (parent_type, parent_id)):
            self.portfolios_.invalidate()
        return self

    # -- encoding ----------------------------------------------------------------------------

    def encode_documents(self, documents: Sequence[Document]) -> Matrix:
        """The document vectors :meth:`add` would compute (to store them elsewhere)."""
        return self.encoder_.encode_documents([d.index_text for d in documents])

    def encode_keywords(self, documents: Sequence[Document]) -> Matrix:
        """The keyword vectors :meth:`add` would compute: one row per document, zeros for a
        document without keywords (keywords are embedded like documents, ``passage:``)."""
        return encode_keyword_texts(self.encoder_, [d.keyword_text for d in documents])

    def need_side(self, need: str) -> str:
        """``"query"`` or ``"passage"``: how :meth:`encode_need` embeds this need."""
        cfg = self.config
        return need_side(self.encoder_, need, cfg.need_encoding, cfg.need_passage_tokens)

    def encode_need(self, need: str, title: str = "") -> Matrix:
        """The need's vector, shape ``(1, dim)``, as :meth:`match` computes it.

        A long need (``passage`` side) with a ``title`` blends in the title's query vector
        (``need_title_weight``); a short need is embedded whole as a query.
        """
        side = self.need_side(need)
        return encode_need(self.encoder_, need, side, title, self.config.need_title_weight)

    # -- ranking -----------------------------------------------------------------------------

    def _doc_scores(
        self,
        need: str,
        exclude_doc_ids: Iterable[str],
        need_vector: Matrix | None = None,
        need_title: str = "",
    ) -> Candidates:
        """The need's candidate documents and their scores (see
        :class:`~techbridge.engine.retrieval.Candidates`)."""
        if not len(self) or self.vectors_ is None:
            return Candidates.none(need, self.encoder_.dim)
        qv = (
            self.encode_need(need, need_title)
            if need_vector is None
            else np.asarray(need_vector, dtype=np.float32).reshape(1, -1)
        )
        excluded = self.catalog_.keys_of(exclude_doc_ids)
        centroids = self.language_centroids() if self.config.language_centring > 0 else None
        return self.retriever_.candidates(
            self.config, need, qv, len(self), excluded, self.catalog_.han, centroids
        )

    def language_centroids(self) -> LanguageCentroids | None:
        """The collection's language centroids (:mod:`~techbridge.engine.languages`),
        computed again on first use after the documents changed (None when the vector index
        cannot give its vectors back)."""
        if self._centroids_stale:
            keys = self.catalog_.live_keys()
            vecs = stored_vectors(self.retriever_.vectors, keys.tolist())
            self._centroids = (
                None if vecs is None else LanguageCentroids.of(vecs, self.catalog_.han[keys])
            )
            self._centroids_stale = False
        return self._centroids

    def search(
        self,
        need: str,
        k: int = 10,
        *,
        exclude_doc_ids: Iterable[str] = (),
        need_vector: Matrix | None = None,
        need_title: str = "",
    ) -> list[DocumentHit]:
        """Document-level ranking for a need (no aggregation); ``need_vector`` and
        ``need_title`` as in :meth:`match`."""
        found = self._doc_scores(need, exclude_doc_ids, need_vector, need_title)
        order = np.argsort(-found.fused, kind="stable")[:k]
        keys, fused, parts = found.keys, found.fused, found.parts
        return [
            self.catalog_.hit(int(keys[i]), float(fused[i]), float(parts[0, i]), float(parts[1, i]))
            for i in order.tolist()
        ]

    def match(
        self,
        need: str,
        entity_types: Iterable[str] | None = None,
        k: int = 10,
        *,
        exclude_doc_ids: Iterable[str] = (),
        explain: bool = True,
        need_vector: Matrix | None = None,
        need_title: str = "",
        framing: tuple[Callable[[str], int], int] | None = None,
    ) -> list[Match]:
        """Rank entities for a need (Chinese, English or mixed text).

        ``entity_types`` restricts the result (None: all types); ``k`` is the number of matches
        (``k <= 0``: all scored entities); ``exclude_doc_ids`` leaves documents out (e.g. the
        need's own record). Each :class:`Match` carries its evidence documents and, when
        ``explain``, the shared key terms in Chinese and English. ``need_title`` is the need's
        title when ``need`` is its whole text (a long need's vector blends it in, see
        :meth:`encode_need`). ``need_vector`` is the need's stored :meth:`encode_need` vector,
        to skip encoding it again. ``framing``: (document frequency, size) of the collection
        the need comes from, whose boilerplate the explanations do not show alone
        (:func:`~techbridge.engine.explain.framing_terms`).
        """
        cfg = self.config
        exclude = tuple(exclude_doc_ids)
        keys, fused, parts, tokens, qv = self._doc_scores(need, exclude, need_vector, need_title)
        types = set(entity_types) if entity_types is not None else None
        rows, grp = entity_rows(self.catalog_, keys, types)
        if not len(rows):
            return []
        n_entities = len(self.catalog_.entities)
        scores, seen = aggregate_scores(fused[rows], grp, n_entities, cfg.agg_k, cfg.agg_decay)
        self.portfolios_.blend(
            scores,
            seen,
            qv,
            config=cfg,
            vectors=self.vectors_,
            types=types,
            excluded=self.catalog_.keys_of(exclude),
        )
        explainer = None
        if explain:
            framed = framing_terms(tokens, *framing) if framing is not None else frozenset()
            explainer = self._explainer(need, tokens, framed)
        calibration = self.calibration or default_calibration()
        lift = chinese_lift(
            fused,
            parts[0],
            self.catalog_.han[keys],
            han_share(need),
            dense_weight=cfg.dense_weight,
            dense_floor=cfg.dense_floor,
            cosines=default_chinese_cosines(cfg.encoder),
        )
        out = []
        for ent in top_entities(scores, seen, k).tolist():
            best = best_rows(rows, grp, fused, ent, cfg.evidence_k).tolist()
            evidence = tuple(
                self.catalog_.evidence(
                    int(keys[r]), float(fused[r]), float(parts[0, r]), float(parts[1, r])
                )
                for r in best
            )
            zh: tuple[str, ...] = ()
            en: tuple[str, ...] = ()
            pairs: tuple[tuple[str, str], ...] = ()
            if explainer is not None:
                tokens_of = self.lexical_.tokens_
                ev_terms = [tokens_of.get(int(keys[r]), ()) for r in best]
                zh, en, pairs = explainer.explain(ev_terms, [e.title for e in evidence])
            etype, eid = self.catalog_.entities[ent]
            score = float(scores[ent])
            fit = calibration.percent(score - lift)
            out.append(Match(etype, eid, score, evidence, zh, en, pairs, fit, score - lift))
        return out

    def _explainer(
        self, need: str, tokens: Sequence[Token], framing: frozenset[str] = frozenset()
    ) -> NeedExplainer:
        cfg = self.config
        return NeedExplainer(
            need,
            tokens,
            document_frequency=self.lexical_.document_frequency,
            n_docs=len(self),
            term_vectors=self.term_vectors_,
            limit=cfg.terms_k,
            align_threshold=cfg.align_threshold,
            align_margin=cfg.align_margin,
            framing=framing,
        )

    # -- persistence -------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the whole matcher under directory ``path`` (versioned format, see
        :mod:`techbridge.engine.persistence`)."""
        persistence.write(
            path,
            config=self.config,
            encoder=self.encoder_,
            catalog=self.catalog_,
            retriever=self.retriever_,
        )

    @classmethod
    def load(
        cls,
        path: str | Path,
        *,
        encoder: Encoder | None = None,
        vector_index: VectorIndex | None = None,
    ) -> Matcher:
        """Read a matcher written by :meth:`save`; refuses formats newer than this code."""
        state = persistence.read_state(path)
        config = MatcherConfig.from_dict(state["config"])
        matcher = cls(config, encoder=encoder, vector_index=vector_index)
        persistence.read_into(
            path,
            state,
            encoder=matcher.encoder_,
            catalog=matcher.catalog_,
            retriever=matcher.retriever_,
            vectors=vector_index is None,
        )
        matcher.portfolios_.invalidate()
        matcher._centroids_stale = True
        return matcher
