"""The compiled BM25 top-k kernel for large lexical segments (:mod:`techbridge.engine.lexical`).

bm25s's own retrieval scores one query on one thread; here the documents are cut into ``parts``
ranges scored in parallel (each with its own accumulator over the same CSC arrays, its posting
ranges found by binary search), each range keeping its top ``k`` in a heap (bm25s's heap
routines); the caller merges the ranges. Same sums as bm25s and numpy: float32, one posting at a
time, a term repeated in the need weighted by its count. Compiled on first use and cached on
disk by numba.
"""

from __future__ import annotations

import numpy as np
from bm25s.numba.selection import heap_push, sift_up
from numba import njit, prange

__all__ = ["top_k"]


@njit(nogil=True, parallel=True, cache=True)
def top_k(data, indptr, indices, terms, weights, mask, n, k, parts):  # type: ignore[no-untyped-def]
    """Per range of ``n // parts`` documents, the ``k`` best positions and scores (``-1``
    where a range has fewer): ``data/indptr/indices`` the segment's CSC score matrix
    (term-major, documents sorted), ``terms`` and ``weights`` the need's term ids and counts,
    ``mask`` 0 for tombstoned documents (or empty: none)."""
    out_pos = np.full((parts, k), -1, np.int64)
    out_score = np.zeros((parts, k), np.float32)
    for part in prange(parts):
        lo = part * n // parts
        hi = (part + 1) * n // parts
        acc = np.zeros(hi - lo, np.float32)
        for t in range(len(terms)):
            start = indptr[terms[t]]
            end = indptr[terms[t] + 1]
            a = start + np.searchsorted(indices[start:end], lo)
            b = start + np.searchsorted(indices[start:end], hi)
            w = weights[t]
            for j in range(a, b):
                acc[indices[j] - lo] += data[j] * w
        values = np.zeros(k, np.float32)
        where = np.zeros(k, np.int32)
        length = 0
        for i in range(hi - lo):
            v = acc[i]
            if v <= 0 or (len(mask) and mask[lo + i] == 0):
                continue
            if length < k:
                heap_push(values, where, v, i, length)
                length += 1
            elif v > values[0]:
                values[0] = v
                where[0] = i
                sift_up(values, where, 0, length)
        for i in range(length):
            out_pos[part, i] = where[i] + lo
            out_score[part, i] = values[i]
    return out_pos, out_score
