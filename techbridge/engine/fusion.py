"""Fusion of lexical (BM25) and dense (embedding) evidence into one score per document.

Both signals are put on a [0, 1]-ish scale that is comparable *across needs* (the platform
compares an expert's fit for one need with their fit for another), then mixed linearly:

- dense: cosine similarity mapped by ``(cos - floor) / (1 - floor)``; ``floor`` is the cosine an
  unrelated pair gets with the model (e5 embeddings are anisotropic, unrelated texts score ~0.7),
- lexical: BM25 divided by the need's own ceiling, ``sum(qtf * idf * (k1 + 1))`` over its terms,
  so a document that contains every need term many times approaches 1 ("query" mode), or by the
  best BM25 among the candidates ("max" mode).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["bm25_ceiling", "bm25_idf", "fuse", "normalise_dense", "normalise_lexical"]

Scores = npt.NDArray[np.float32]


def bm25_idf(n_docs: int, df: int) -> float:
    """Lucene's BM25 IDF (bm25s's ``lucene`` method): ``log(1 + (N - df + 0.5) / (df + 0.5))``."""
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def bm25_ceiling(
    query: Sequence[str] | Mapping[str, float], df: Callable[[str], int], n_docs: int, k1: float
) -> float:
    """Upper bound of a Lucene-BM25 score for this query (tokens, or term → weight):
    ``sum(qtf * idf * (k1 + 1))``."""
    total = 0.0
    for term, qtf in Counter(query).items():
        d = df(term)
        if d == 0:
            continue
        total += qtf * bm25_idf(n_docs, d) * (k1 + 1.0)
    return total


def normalise_dense(cos: Scores, floor: float) -> Scores:
    """Map cosine similarities to ``(cos - floor) / (1 - floor)``, clipped at 0."""
    out = (np.asarray(cos, dtype=np.float32) - np.float32(floor)) / np.float32(1.0 - floor)
    clipped: Scores = np.maximum(out, np.float32(0.0))
    return clipped


def normalise_lexical(bm25: Scores, mode: str, ceiling: float) -> Scores:
    """BM25 scores divided by the need's ceiling (``"query"``) or by their maximum (``"max"``)."""
    bm25 = np.asarray(bm25, dtype=np.float32)
    if mode == "max":
        top = float(bm25.max()) if len(bm25) else 0.0
        return bm25 / np.float32(top) if top > 0 else np.zeros_like(bm25)
    if mode == "query":
        return bm25 / np.float32(ceiling) if ceiling > 0 else np.zeros_like(bm25)
    raise ValueError(f"unknown lexical normalisation {mode!r}")


def fuse(dense: Scores, lexical: Scores, dense_weight: float) -> Scores:
    """Linear mix ``w * dense + (1 - w) * lexical`` of two normalised score arrays."""
    w = np.float32(dense_weight)
    return (w * np.asarray(dense, np.float32) + (1 - w) * np.asarray(lexical, np.float32)).astype(
        np.float32
    )
