"""The compiled re-scoring kernel of :class:`techbridge.engine.vectors.IVFIndex`.

Inner products of one query with the stored 8-bit vectors of some keys, read straight from the
codes (no decoded float copy): a stored vector is its cell's centroid plus a residual
``low + (code + 0.5) * step`` in every dimension (faiss's uniform 8-bit scalar quantiser), so
``q . x = q . centroid + low * sum(q) + step * (q . (code + 0.5))``. The keys are split between
the cores; ``fastmath`` lets each row's sum run in SIMD lanes (one row's codes are 384 bytes
read from a random place in memory: in lanes, several rows' reads are in flight at once).
Compiled on first use and cached on disk by numba.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = ["code_scores"]


@njit(nogil=True, parallel=True, cache=True, fastmath=True)
def code_scores(query, centroids, low, step, cells, codes, keys):  # type: ignore[no-untyped-def]
    """``query . centroids[cells[k]] + low * sum(query) + step * (query . (codes[k] + 0.5))``
    for each of ``keys`` (float32)."""
    n_cells, dim = centroids.shape
    cell_scores = np.empty(n_cells, np.float32)
    for c in prange(n_cells):
        s = np.float32(0.0)
        for j in range(dim):
            s += query[j] * centroids[c, j]
        cell_scores[c] = s
    total = np.float32(0.0)
    for j in range(dim):
        total += query[j]
    offset = low * total + np.float32(0.5) * step * total
    out = np.empty(len(keys), np.float32)
    for i in prange(len(keys)):
        k = keys[i]
        s = np.float32(0.0)
        for j in range(dim):
            s += query[j] * np.float32(codes[k, j])
        out[i] = cell_scores[cells[k]] + offset + step * s
    return out
