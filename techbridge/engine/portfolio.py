"""Portfolio evidence: how well a need fits an entity's documents as a whole.

An institute (or an overseas partner) is known by its portfolio: the papers, patents and
projects of its experts and its achievements. Top-k aggregation (:mod:`.aggregate`) asks "does
it hold a few documents close to the need?"; the portfolio view asks "is the need about what the
portfolio is about?". It is a linear discriminant in the embedding space:

- the portfolio's centroid ``mu_g`` (mean of its document vectors) and the pooled
  within-portfolio covariance ``Sw`` (how documents of one portfolio vary around its centroid),
  shrunk towards a multiple of the identity, ``S = (1 - lambda) Sw + lambda tr(Sw)/d I``;
- the whitening ``W = S^(-1/2)`` and the collection mean ``m``;
- the score of portfolio ``g`` for need vector ``q``: the cosine of ``W (q - m)`` and
  ``W (mu_g - m)``.

Whitening discounts the directions in which documents of one portfolio differ anyway (style,
language, document kind) and stresses those that tell portfolios apart. Statistics are kept as
sums (per portfolio, and the Gram matrix), so a document left out (``exclude``) is taken out
exactly, without the whole collection.

:class:`Portfolios` keeps the statistics of a collection's portfolio entities (rebuilt on first
use after the collection changed) and blends the portfolio score into their top-k scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from techbridge.engine.aggregate import entity_rows
from techbridge.engine.catalog import Catalog
from techbridge.engine.documents import MatcherConfig
from techbridge.engine.vectors import VectorIndex

__all__ = ["PortfolioStats", "Portfolios", "stored_vectors"]

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]


@dataclass
class PortfolioStats:
    """Sufficient statistics of the portfolios (one row per document-portfolio pair)."""

    owners: npt.NDArray[np.int64]  # portfolio entity index of each tracked portfolio
    sums: F64  # (portfolios, d) sum of document vectors
    counts: F64  # (portfolios,)
    gram: F64  # (d, d) sum over pairs of x x^T
    total: F64  # (d,) sum over pairs of x
    pairs: int
    shrinkage: float
    _cache: tuple[F64, F64, F64] | None = None  # (W, m, whitened unit centroids)

    @classmethod
    def build(
        cls,
        vectors: npt.NDArray[np.floating],
        owners: npt.NDArray[np.int64],
        shrinkage: float,
    ) -> PortfolioStats:
        """Statistics of ``vectors[i]`` counted for portfolio ``owners[i]``."""
        x = np.asarray(vectors, dtype=np.float64)
        ids, inv = np.unique(np.asarray(owners, dtype=np.int64), return_inverse=True)
        sums = np.zeros((len(ids), x.shape[1]))
        np.add.at(sums, inv, x)
        counts = np.bincount(inv, minlength=len(ids)).astype(np.float64)
        return cls(ids, sums, counts, x.T @ x, x.sum(axis=0), len(x), shrinkage)

    def _whitening(
        self, sums: F64, counts: F64, gram: F64, total: F64, pairs: int
    ) -> tuple[F64, F64, F64]:
        d = gram.shape[0]
        live = counts > 0
        means = sums[live] / counts[live, None]
        between = (sums[live].T @ means) if live.any() else np.zeros((d, d))
        sw = (gram - between) / max(pairs, 1)
        sw = (sw + sw.T) / 2
        scale = max(float(np.trace(sw)) / d, 1e-12)
        s = (1 - self.shrinkage) * sw + self.shrinkage * scale * np.eye(d)
        vals, vecs = np.linalg.eigh(s)
        w = (vecs * np.maximum(vals, 1e-12) ** -0.5) @ vecs.T
        m = total / max(pairs, 1)
        cent = np.zeros_like(sums)
        cent[live] = (sums[live] / counts[live, None] - m) @ w
        norms = np.linalg.norm(cent, axis=1, keepdims=True)
        cent = np.where(norms > 0, cent / np.maximum(norms, 1e-12), 0.0)
        return w, m, cent

    def scores(
        self,
        query: npt.NDArray[np.floating],
        exclude: list[tuple[npt.NDArray[np.floating], int]] | None = None,
    ) -> tuple[npt.NDArray[np.int64], F64]:
        """Whitened centroid cosine of ``query`` with every portfolio.

        ``exclude`` lists (vector, portfolio entity) pairs to take out first (a document the
        caller leaves out). Returns the portfolio entity indices and their scores; a portfolio
        left without documents scores 0.
        """
        q = np.asarray(query, dtype=np.float64).reshape(-1)
        if exclude:
            sums, counts = self.sums.copy(), self.counts.copy()
            gram, total, pairs = self.gram.copy(), self.total.copy(), self.pairs
            row = {int(e): i for i, e in enumerate(self.owners.tolist())}
            for vec, owner in exclude:
                if owner not in row:
                    continue
                x = np.asarray(vec, dtype=np.float64).reshape(-1)
                sums[row[owner]] -= x
                counts[row[owner]] -= 1
                gram -= np.outer(x, x)
                total -= x
                pairs -= 1
            w, m, cent = self._whitening(sums, counts, gram, total, pairs)
            cent[counts <= 0] = 0.0
        else:
            if self._cache is None:
                self._cache = self._whitening(
                    self.sums, self.counts, self.gram, self.total, self.pairs
                )
            w, m, cent = self._cache
        qw = (q - m) @ w
        norm = float(np.linalg.norm(qw))
        out = cent @ (qw / norm) if norm > 0 else np.zeros(len(cent))
        return self.owners, out


def stored_vectors(index: VectorIndex | None, keys: Sequence[int]) -> F32 | None:
    """Stored vectors of ``keys`` (None when the index cannot give them back)."""
    items = getattr(index, "items", None)
    if items is None or not keys:
        return None
    all_keys, all_vecs = items()
    row = {int(k): i for i, k in enumerate(np.asarray(all_keys).tolist())}
    if any(k not in row for k in keys):
        return None
    return np.asarray(all_vecs, dtype=np.float32)[[row[k] for k in keys]]


class Portfolios:
    """The portfolio view of a catalog's entities of the configured ``portfolio_types``.

    Call :meth:`invalidate` whenever documents or links change; the statistics are rebuilt
    from the document vectors on the next use.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._stats: PortfolioStats | None = None
        self._dirty = True

    def invalidate(self) -> None:
        """Forget the statistics (the collection changed)."""
        self._dirty = True

    def stats(self, config: MatcherConfig, vectors: VectorIndex | None) -> PortfolioStats | None:
        """The statistics of every portfolio entity (None when ``vectors`` cannot give its
        vectors back)."""
        if self._dirty:
            self._stats = None
            keys = self.catalog.live_keys()
            rows, owners = entity_rows(self.catalog, keys, set(config.portfolio_types))
            vecs = stored_vectors(vectors, keys[rows].tolist())
            if vecs is not None:
                self._stats = PortfolioStats.build(vecs, owners, config.portfolio_shrinkage)
            self._dirty = False
        return self._stats

    def blend(
        self,
        scores: F32,
        seen: npt.NDArray[np.bool_],
        need_vector: F32,
        *,
        config: MatcherConfig,
        vectors: VectorIndex | None,
        types: set[str] | None,
        excluded: Sequence[int],
    ) -> None:
        """Blend the portfolio score into ``scores`` of the seen portfolio entities of
        ``types`` (None: all), in place, leaving the documents ``excluded`` (keys) out."""
        cfg = config
        wanted = set(cfg.portfolio_types) if types is None else types & set(cfg.portfolio_types)
        if cfg.portfolio_weight <= 0 or not wanted or not float(np.abs(need_vector).sum()):
            return
        stats = self.stats(cfg, vectors)
        if stats is None:
            return
        exclude: list[tuple[npt.NDArray[np.floating], int]] = []
        if excluded:
            vecs = stored_vectors(vectors, excluded)
            if vecs is not None:
                for key, vec in zip(excluded, vecs, strict=True):
                    ent = int(self.catalog.doc_entity[key])
                    for owner in [ent, *self.catalog.ancestors(ent)]:
                        exclude.append((vec, owner))
        owners, pscore = stats.scores(need_vector, exclude)
        keep = seen[owners]
        if not keep.any():
            return
        rows = owners[keep]
        b = cfg.portfolio_weight
        blended = (scores[rows] + b * pscore[keep]) / (1 + b)
        scores[rows] = np.clip(blended, 0.0, 1.0).astype(np.float32)
