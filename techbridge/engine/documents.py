"""What the engine indexes and answers: documents, matches with their evidence, and the
matcher's settings (:class:`MatcherConfig`, saved with an index)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from techbridge.engine.explain import is_chinese

__all__ = ["Document", "DocumentHit", "Evidence", "Match", "MatcherConfig"]


@dataclass(frozen=True)
class Document:
    """One indexed text owned by one entity.

    ``entity_type`` is e.g. ``"expert"``, ``"institute"``, ``"achievement"``, ``"partner"``;
    ``kind`` what the text is (``"paper"``, ``"patent"``, ``"project"``, ``"contract"``...).
    ``lang`` is informational (the analyser handles zh, en and mixed text by itself).
    """

    doc_id: str
    entity_id: str
    entity_type: str
    title: str = ""
    text: str = ""
    kind: str = ""
    lang: str | None = None
    keywords: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """Title and body: ``"title. text"``."""
        if self.title and self.text:
            return f"{self.title}. {self.text}"
        return self.title or self.text

    @property
    def keyword_text(self) -> str:
        """The keywords as one short text (empty without keywords)."""
        sep = "，" if any(is_chinese(k) for k in self.keywords) else ", "
        return sep.join(k for k in self.keywords if k.strip())

    @property
    def index_text(self) -> str:
        """What is embedded and indexed: title, body and keywords."""
        kw = self.keyword_text
        return f"{self.full_text}\n{kw}" if kw and self.full_text else (self.full_text or kw)


@dataclass(frozen=True)
class Evidence:
    """A document that supports a match, with its fused, dense and lexical scores."""

    doc_id: str
    title: str
    kind: str
    score: float
    dense: float
    lexical: float


@dataclass(frozen=True)
class Match:
    """An entity that can meet the need: its score (for ranking), its fit (0-100, for people),
    evidence and the shared key terms."""

    entity_type: str
    entity_id: str
    score: float
    evidence: tuple[Evidence, ...]
    terms_zh: tuple[str, ...] = ()
    terms_en: tuple[str, ...] = ()
    # Cross-language pairs (need term, evidence term) found by embedding similarity when the
    # need and its evidence share no term; they are also listed in terms_zh / terms_en.
    term_pairs: tuple[tuple[str, str], ...] = ()
    # The score as a person reads it, 0-100: how often a pair with this score is expert-level
    # (techbridge.engine.calibration); the same scale for every entity type.
    fit: int = 0
    # The score the fit was read at: the score less the need's Chinese lift
    # (calibration.chinese_lift); None: the score itself.
    fit_score: float | None = None

    def reason(self, lang: str = "en") -> str:
        """One-sentence explanation in ``"en"`` or ``"zh"``."""
        terms = (
            "、".join(self.terms_zh + self.terms_en)
            if lang == "zh"
            else ", ".join(self.terms_en + self.terms_zh)
        )
        best = self.evidence[0].title if self.evidence else ""
        if lang == "zh":
            text = f"依据 {len(self.evidence)} 份相关文档（最相关：《{best}》）"
            return text + (f"；共同关键词：{terms}" if terms else "")
        text = f"Supported by {len(self.evidence)} related documents (best: '{best}')"
        return text + (f"; shared terms: {terms}" if terms else "")


@dataclass(frozen=True)
class DocumentHit:
    """A document-level search result."""

    doc_id: str
    entity_type: str
    entity_id: str
    score: float
    dense: float
    lexical: float


@dataclass
class MatcherConfig:
    """Every knob of the engine; defaults are the ones chosen on the dev data (docs/matching.md).

    - ``encoder`` / ``encoder_params``: registered encoder name and its parameters.
    - ``index`` / ``index_threshold`` / ``hnsw_params``: ``"auto"`` switches from exact search
      to usearch's HNSW graph (parameters ``hnsw_params``) once the collection has more than
      ``index_threshold`` documents; ``"exact"`` and ``"hnsw"`` stay with one. (On PostgreSQL
      the platform's index lives in the database instead: ``techbridge/matching/shared.py``.)
    - ``need_encoding`` / ``need_passage_tokens``: e5 prefix a need is embedded with:
      ``"query"``, ``"passage"`` (as the documents), or ``"auto"``: ``"passage"`` for a need of
      at least ``need_passage_tokens`` model tokens (a document-like text, e.g. an abstract),
      ``"query"`` for a shorter one (keywords, a title, a one-line definition).
    - ``candidates``: documents taken from each of the dense and lexical sides per need; below
      that many documents every document is scored exactly. 300: an HNSW search (in process
      or in PostgreSQL) costs about in proportion to the depth asked, and on the dev benches
      300 ranks as 1,000 did (docs/benchmarks.md, "Candidate depth").
    - ``parallel_min_docs``: from this many documents a need's lexical side (analysis, BM25
      top-k with the compiled kernel on one core) runs on a worker thread while the calling
      thread searches the vectors: at a million documents a match's p50 was 0.5-1.5 ms lower
      that way than with each side on both cores in turn, in three interleaved comparisons
      (docs/benchmarks.md). Below it both sides are sub-millisecond.
    - ``dense_weight``: share of the dense score in the fusion (the rest is BM25).
    - ``dense_floor``: cosine of an unrelated pair for the encoder (mapped to 0).
    - ``lexical_norm``: ``"query"`` (BM25 over the need's ceiling) or ``"max"``.
    - ``agg_k`` / ``agg_decay``: documents→entity aggregation (top ``agg_k``, decaying weights).
    - ``evidence_k`` / ``terms_k``: how many evidence documents and shared terms to return.
    - ``align_threshold`` / ``align_margin``: when a need and its evidence share no term
      (Chinese need, English documents), need and evidence terms are paired by embedding
      cosine at least ``align_threshold`` and ``align_margin`` above the runner-up (mutual
      nearest neighbours); ``align_threshold <= 0`` turns it off.
    - ``bm25_k1`` / ``bm25_b``: BM25 parameters.
    - ``translation_weight``: a need term's dictionary translations (CC-CEDICT, Chinese ↔
      English: :mod:`techbridge.engine.translate`) join its BM25 query at this weight times
      their share; 0 turns it off.
    - ``language_centring``: the encoder scores a text in the need's own language above one
      in the other language on the same subject; a document's cosine gets ``language_centring
      * (han(need) - han(document)) * (q·c_zh - q·c_en)`` added, the difference of the need's
      mean cosines to the collection's Chinese and English documents
      (:mod:`techbridge.engine.languages`); 1 puts both languages on the need's own baseline,
      0 turns it off.
    - ``keyword_weight``: a document with keywords is embedded twice, its whole text and its
      keywords alone; its dense score is ``(1 - keyword_weight) * cos(text) + keyword_weight *
      cos(keywords)``.
    - ``need_title_weight``: a long need (``passage`` side) that comes with a title is also
      embedded by its title as a query; the need vector is ``(1 - need_title_weight) *
      passage + need_title_weight * title``.
    - ``portfolio_types`` / ``portfolio_weight`` / ``portfolio_shrinkage``: entities of these
      types (institutes, partners: known by a portfolio) also get the portfolio score of
      :mod:`techbridge.engine.portfolio`; their score is ``(topk + portfolio_weight *
      portfolio) / (1 + portfolio_weight)``, clipped to [0, 1].
    """

    encoder: str = "e5-onnx"
    encoder_params: dict[str, Any] = field(default_factory=dict)
    index: str = "auto"
    index_threshold: int = 50_000
    hnsw_params: dict[str, Any] = field(default_factory=dict)
    candidates: int = 300
    parallel_min_docs: int = 100_000
    # Chosen by 5-fold cross-validation on the dev data (docs/matching.md).
    need_encoding: str = "auto"
    need_passage_tokens: int = 64
    dense_weight: float = 0.6
    dense_floor: float = 0.6
    lexical_norm: str = "query"
    agg_k: int = 10
    agg_decay: float = 0.7
    evidence_k: int = 3
    terms_k: int = 8
    # Set on hand-made word pairs (docs/matching.md), not on benchmark data.
    align_threshold: float = 0.85
    align_margin: float = 0.02
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    # Chosen by cross-validation over folds of pairs on the cross-lingual dev data
    # (docs/benchmarks.md, "Cross-language terms").
    translation_weight: float = 1.0
    # 1 puts a need's documents in both languages on its own baseline (neutral by
    # construction); cross-validation on the mixed-language dev pool chose it among 0-1
    # (docs/benchmarks.md, "Language centring").
    language_centring: float = 1.0
    # Chosen by cross-validation, each on the task it serves (docs/matching.md).
    keyword_weight: float = 0.75
    need_title_weight: float = 0.2
    portfolio_types: tuple[str, ...] = ("institute", "partner")
    # Chosen on the dev data with the default 8-bit encoder (docs/benchmarks.md).
    portfolio_weight: float = 0.1
    portfolio_shrinkage: float = 0.8

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatcherConfig:
        """Build from a dict, ignoring unknown keys (forward compatible)."""
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        if "portfolio_types" in values:
            values["portfolio_types"] = tuple(values["portfolio_types"])
        return cls(**values)
