"""Vector indexes over L2-normalised embeddings, keyed by int64 document keys.

- :class:`ExactIndex`: a dense float32 matrix, brute-force inner product. Exact; best below
  some tens of thousands of vectors.
- :class:`HNSWIndex`: approximate nearest neighbours (HNSW graph of ``usearch``), half-precision
  storage by default. Sub-millisecond search over millions of vectors.
- :class:`AutoIndex`: exact while small, moves its vectors to the HNSW index once it passes a
  threshold.

The in-process indexes serve the embedded default (SQLite: a laptop, a small installation);
on PostgreSQL the platform keeps its vectors in pgvector columns with HNSW indexes instead
(``techbridge/matching/shared.py``). All satisfy :class:`VectorIndex`: keys in,
``(keys, scores)`` out, scores are inner products (= cosine similarity for normalised
vectors); missing slots are key ``-1`` with score ``-inf``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = [
    "INDEXES",
    "AutoIndex",
    "ExactIndex",
    "HNSWIndex",
    "VectorIndex",
    "load_index",
]

Matrix = npt.NDArray[np.float32]
Keys = npt.NDArray[np.int64]
FORMAT_VERSION = 1


@runtime_checkable
class VectorIndex(Protocol):
    """What the :class:`~techbridge.engine.matcher.Matcher` needs from a vector store."""

    dim: int

    def add(self, keys: Keys, vectors: Matrix) -> None:
        """Insert vectors; a key already present is replaced."""
        ...

    def remove(self, keys: Keys) -> None:
        """Drop keys; unknown keys are ignored."""
        ...

    def search(self, queries: Matrix, k: int) -> tuple[Keys, Matrix]:
        """Top-``k`` keys and inner-product scores per query row, best first."""
        ...

    def score(self, query: Matrix, keys: Keys) -> Matrix:
        """Inner product of one query vector with the stored vectors of ``keys``."""
        ...

    def __len__(self) -> int: ...

    def __contains__(self, key: object) -> bool: ...

    def save(self, path: Path) -> None:
        """Write the index under directory ``path``."""
        ...


def _as_matrix(x: npt.ArrayLike, dim: int) -> Matrix:
    m = np.ascontiguousarray(np.asarray(x, dtype=np.float32))
    if m.ndim == 1:
        m = m[None, :]
    if m.shape[1] != dim:
        raise ValueError(f"expected vectors of width {dim}, got {m.shape[1]}")
    return m


def _as_keys(keys: npt.ArrayLike) -> Keys:
    return np.ascontiguousarray(np.asarray(keys, dtype=np.int64).reshape(-1))


def _top_k(scores: Matrix, keys: Keys, k: int) -> tuple[Keys, Matrix]:
    """Top-k of each row of ``scores`` (q, n), mapped through ``keys``, padded to k."""
    q, n = scores.shape
    out_k = np.full((q, k), -1, dtype=np.int64)
    out_s = np.full((q, k), -np.inf, dtype=np.float32)
    take = min(k, n)
    if take == 0:
        return out_k, out_s
    if take < n:
        part = np.argpartition(-scores, take - 1, axis=1)[:, :take]
    else:
        part = np.broadcast_to(np.arange(n), (q, n))
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    idx = np.take_along_axis(part, order, axis=1)
    out_k[:, :take] = keys[idx]
    out_s[:, :take] = np.take_along_axis(part_scores, order, axis=1)
    return out_k, out_s


class ExactIndex:
    """Brute-force inner-product search over a growable float32 matrix."""

    kind = "exact"

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.vectors_: Matrix = np.zeros((0, dim), dtype=np.float32)
        self.keys_: Keys = np.zeros(0, dtype=np.int64)
        self.size_ = 0
        self._slot: dict[int, int] = {}

    def __len__(self) -> int:
        return self.size_

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int | np.integer) and int(key) in self._slot

    def _grow(self, need: int) -> None:
        cap = self.vectors_.shape[0]
        if need <= cap:
            return
        new_cap = max(need, int(cap * 1.5) + 16)
        vectors = np.zeros((new_cap, self.dim), dtype=np.float32)
        vectors[: self.size_] = self.vectors_[: self.size_]
        keys = np.full(new_cap, -1, dtype=np.int64)
        keys[: self.size_] = self.keys_[: self.size_]
        self.vectors_, self.keys_ = vectors, keys

    def add(self, keys: Keys, vectors: Matrix) -> None:
        """Insert or replace vectors."""
        keys = _as_keys(keys)
        vectors = _as_matrix(vectors, self.dim)
        if len(keys) != len(vectors):
            raise ValueError("keys and vectors differ in length")
        self._grow(self.size_ + len(keys))
        for key, vec in zip(keys.tolist(), vectors, strict=True):
            slot = self._slot.get(key)
            if slot is None:
                slot = self.size_
                self.size_ += 1
                self._slot[key] = slot
                self.keys_[slot] = key
            self.vectors_[slot] = vec

    def remove(self, keys: Keys) -> None:
        """Drop keys by moving the last row into the freed slot."""
        for key in _as_keys(keys).tolist():
            slot = self._slot.pop(key, None)
            if slot is None:
                continue
            last = self.size_ - 1
            if slot != last:
                moved = int(self.keys_[last])
                self.vectors_[slot] = self.vectors_[last]
                self.keys_[slot] = moved
                self._slot[moved] = slot
            self.keys_[last] = -1
            self.size_ = last

    def search(self, queries: Matrix, k: int) -> tuple[Keys, Matrix]:
        """Exact top-k by inner product."""
        q = _as_matrix(queries, self.dim)
        scores = q @ self.vectors_[: self.size_].T
        return _top_k(scores, self.keys_[: self.size_], k)

    def score(self, query: Matrix, keys: Keys) -> Matrix:
        """Exact inner products with the given keys (``-inf`` for unknown keys)."""
        q = _as_matrix(query, self.dim)[0]
        keys = _as_keys(keys)
        slots = np.array([self._slot.get(k, -1) for k in keys.tolist()], dtype=np.int64)
        out = np.full(len(keys), -np.inf, dtype=np.float32)
        ok = slots >= 0
        out[ok] = self.vectors_[slots[ok]] @ q
        return out

    def items(self) -> tuple[Keys, Matrix]:
        """All keys and their vectors."""
        return self.keys_[: self.size_].copy(), self.vectors_[: self.size_].copy()

    def save(self, path: Path) -> None:
        """Write ``meta.json`` and ``exact.npz`` under ``path``."""
        path.mkdir(parents=True, exist_ok=True)
        keys, vectors = self.items()
        np.savez(path / "exact.npz", keys=keys, vectors=vectors)
        meta = {"format": FORMAT_VERSION, "kind": self.kind, "dim": self.dim}
        (path / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, path: Path) -> ExactIndex:
        """Read an index written by :meth:`save`."""
        meta = json.loads((path / "meta.json").read_text())
        index = cls(int(meta["dim"]))
        with np.load(path / "exact.npz") as data:
            index.add(data["keys"], data["vectors"])
        return index


class HNSWIndex:
    """Approximate search on a ``usearch`` HNSW graph.

    ``dtype`` is the stored precision (``"f16"`` halves memory at no measurable cost for
    normalised embeddings; ``"i8"`` quarters it). ``connectivity``/``expansion_*`` are the usual
    HNSW M/efConstruction/efSearch. ``threads`` is used for bulk adds and batched searches.
    """

    kind = "hnsw"

    def __init__(
        self,
        dim: int,
        dtype: str = "f16",
        connectivity: int = 16,
        expansion_add: int = 64,
        expansion_search: int = 256,
        threads: int = 2,
    ) -> None:
        self.dim = dim
        self.dtype = dtype
        self.connectivity = connectivity
        self.expansion_add = expansion_add
        self.expansion_search = expansion_search
        self.threads = threads
        self.index_: Any = self._new()

    def _new(self) -> Any:
        from usearch.index import Index

        return Index(
            ndim=self.dim,
            metric="ip",
            dtype=self.dtype,
            connectivity=self.connectivity,
            expansion_add=self.expansion_add,
            expansion_search=self.expansion_search,
        )

    def __len__(self) -> int:
        return len(self.index_)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int | np.integer) and bool(self.index_.contains(int(key)))

    def add(self, keys: Keys, vectors: Matrix) -> None:
        """Insert or replace vectors (a replaced key is removed first)."""
        keys = _as_keys(keys)
        vectors = _as_matrix(vectors, self.dim)
        if len(keys) == 0:
            return
        present = np.asarray(self.index_.contains(keys), dtype=bool).reshape(-1)
        if present.any():
            self.index_.remove(keys[present])
        self.index_.add(keys, vectors, threads=self.threads)

    def remove(self, keys: Keys) -> None:
        """Drop keys (usearch marks them deleted and reuses their graph slots)."""
        keys = _as_keys(keys)
        if len(keys):
            present = np.asarray(self.index_.contains(keys), dtype=bool).reshape(-1)
            if present.any():
                self.index_.remove(keys[present])

    def search(self, queries: Matrix, k: int) -> tuple[Keys, Matrix]:
        """Approximate top-k by inner product."""
        q = _as_matrix(queries, self.dim)
        out_k = np.full((len(q), k), -1, dtype=np.int64)
        out_s = np.full((len(q), k), -np.inf, dtype=np.float32)
        if len(self) == 0 or k == 0:
            return out_k, out_s
        res = self.index_.search(q, k, threads=self.threads)
        keys = np.asarray(res.keys, dtype=np.int64).reshape(len(q), -1)
        dist = np.asarray(res.distances, dtype=np.float32).reshape(len(q), -1)
        # usearch returns a single-query ``Matches`` (no ``counts``) for one row.
        counts = (
            np.asarray(res.counts).reshape(-1)
            if hasattr(res, "counts")
            else np.asarray([len(res.keys)])
        )
        for row in range(len(q)):
            c = int(counts[row])
            out_k[row, :c] = keys[row, :c]
            out_s[row, :c] = 1.0 - dist[row, :c]
        return out_k, out_s

    def score(self, query: Matrix, keys: Keys) -> Matrix:
        """Inner products with the stored (reduced-precision) vectors of ``keys``."""
        q = _as_matrix(query, self.dim)[0]
        keys = _as_keys(keys)
        out = np.full(len(keys), -np.inf, dtype=np.float32)
        if len(keys) == 0:
            return out
        present = np.asarray(self.index_.contains(keys), dtype=bool).reshape(-1)
        if present.any():
            vecs = np.asarray(self.index_.get(keys[present]), dtype=np.float32)
            out[present] = vecs.reshape(-1, self.dim) @ q
        return out

    def items(self) -> tuple[Keys, Matrix]:
        """All keys and their (reduced-precision) vectors."""
        keys = np.asarray(self.index_.keys, dtype=np.int64)
        if len(keys) == 0:
            return keys, np.zeros((0, self.dim), dtype=np.float32)
        vecs = np.asarray(self.index_.get(keys), dtype=np.float32).reshape(-1, self.dim)
        return keys, vecs

    def _params(self) -> dict[str, Any]:
        return {
            "dtype": self.dtype,
            "connectivity": self.connectivity,
            "expansion_add": self.expansion_add,
            "expansion_search": self.expansion_search,
            "threads": self.threads,
        }

    def save(self, path: Path) -> None:
        """Write ``meta.json`` and the usearch graph ``hnsw.usearch`` under ``path``."""
        path.mkdir(parents=True, exist_ok=True)
        self.index_.save(str(path / "hnsw.usearch"))
        meta = {"format": FORMAT_VERSION, "kind": self.kind, "dim": self.dim, **self._params()}
        (path / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, path: Path) -> HNSWIndex:
        """Read an index written by :meth:`save` (the graph is loaded, not rebuilt)."""
        meta = json.loads((path / "meta.json").read_text())
        index = cls(
            int(meta["dim"]),
            dtype=meta["dtype"],
            connectivity=int(meta["connectivity"]),
            expansion_add=int(meta["expansion_add"]),
            expansion_search=int(meta["expansion_search"]),
            threads=int(meta["threads"]),
        )
        index.index_.load(str(path / "hnsw.usearch"))
        return index


class AutoIndex:
    """Exact search up to ``threshold`` vectors, HNSW above (the move happens once, on add);
    ``params`` go to the :class:`HNSWIndex`."""

    kind = "auto"

    def __init__(
        self,
        dim: int,
        threshold: int = 50_000,
        approximate_kind: str = "hnsw",
        **params: Any,
    ) -> None:
        if approximate_kind != "hnsw":
            raise ValueError(
                f"unknown approximate index {approximate_kind!r} (this version has HNSW only: "
                "build the index again)"
            )
        self.dim = dim
        self.threshold = threshold
        self.approximate_kind = approximate_kind
        self.hnsw_params = params  # name kept from format 1 (it held HNSW parameters only)
        self.inner_: ExactIndex | HNSWIndex = ExactIndex(dim)

    @property
    def approximate(self) -> bool:
        """True once the vectors live in the approximate index."""
        return not isinstance(self.inner_, ExactIndex)

    def _approximate(self) -> HNSWIndex:
        return HNSWIndex(self.dim, **self.hnsw_params)

    def __len__(self) -> int:
        return len(self.inner_)

    def __contains__(self, key: object) -> bool:
        return key in self.inner_

    def add(self, keys: Keys, vectors: Matrix) -> None:
        """Insert or replace; switch to HNSW when the size passes the threshold."""
        if isinstance(self.inner_, ExactIndex) and len(self.inner_) + len(keys) > self.threshold:
            old_keys, old_vectors = self.inner_.items()
            self.inner_ = ExactIndex(self.dim)  # free the float32 copy before building
            approx = self._approximate()
            if len(old_keys):
                approx.add(
                    np.concatenate([old_keys, _as_keys(keys)]),
                    np.concatenate([old_vectors, _as_matrix(vectors, self.dim)]),
                )
            else:
                approx.add(keys, vectors)
            self.inner_ = approx
            return
        self.inner_.add(keys, vectors)

    def remove(self, keys: Keys) -> None:
        """Drop keys."""
        self.inner_.remove(keys)

    def search(self, queries: Matrix, k: int) -> tuple[Keys, Matrix]:
        """Exact or approximate top-k, whichever backs the index now."""
        return self.inner_.search(queries, k)

    def score(self, query: Matrix, keys: Keys) -> Matrix:
        """Inner products with the stored vectors of ``keys``."""
        return self.inner_.score(query, keys)

    def items(self) -> tuple[Keys, Matrix]:
        """All keys and their (for the approximate index, reconstructed) vectors."""
        return self.inner_.items()

    def save(self, path: Path) -> None:
        """Save the backing index plus this wrapper's threshold."""
        self.inner_.save(path / "inner")
        meta = {
            "format": FORMAT_VERSION,
            "kind": self.kind,
            "dim": self.dim,
            "threshold": self.threshold,
            "approximate_kind": self.approximate_kind,
            "hnsw_params": self.hnsw_params,
        }
        path.mkdir(parents=True, exist_ok=True)
        (path / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, path: Path) -> AutoIndex:
        """Read an index written by :meth:`save`."""
        meta = json.loads((path / "meta.json").read_text())
        index = cls(
            int(meta["dim"]),
            threshold=int(meta["threshold"]),
            approximate_kind=meta.get("approximate_kind", "hnsw"),
            **meta["hnsw_params"],
        )
        index.inner_ = _load_concrete(path / "inner")
        return index


def _load_concrete(path: Path) -> ExactIndex | HNSWIndex:
    meta = json.loads((path / "meta.json").read_text())
    if meta["kind"] == "exact":
        return ExactIndex.load(path)
    if meta["kind"] != "hnsw":
        raise ValueError(_unknown_kind(meta["kind"]))
    return HNSWIndex.load(path)


INDEXES: dict[str, type[ExactIndex] | type[HNSWIndex] | type[AutoIndex]] = {
    "exact": ExactIndex,
    "hnsw": HNSWIndex,
    "auto": AutoIndex,
}


def _unknown_kind(kind: str) -> str:
    return f"index kind {kind!r} is not one this version reads: build the index again"


def load_index(path: Path) -> ExactIndex | HNSWIndex | AutoIndex:
    """Load any index saved by this module, checking the format version."""
    meta = json.loads((path / "meta.json").read_text())
    if int(meta.get("format", 0)) > FORMAT_VERSION:
        raise ValueError(f"index format {meta['format']} is newer than this code reads")
    if meta["kind"] not in INDEXES:
        raise ValueError(_unknown_kind(meta["kind"]))
    return INDEXES[meta["kind"]].load(path)
