"""From document scores to entity scores (an expert from their papers, patents and projects; an
institute from its experts, achievements and contracts).

An entity's score is a decaying weighted mean of its best ``k`` document scores,
``sum_i decay**i * s_(i) / sum_i decay**i`` over the sorted scores ``s_(0) >= s_(1) >= ...``:
``decay=0`` is the maximum, ``decay=1`` the plain top-k mean. An entity with fewer documents is
averaged over what it has.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["aggregate_scores", "decay_weights"]

Scores = npt.NDArray[np.float32]
Groups = npt.NDArray[np.int64]


def decay_weights(k: int, decay: float) -> Scores:
    """Position weights ``decay**i`` for ``i < k`` (``0**0 == 1``)."""
    return np.asarray([decay**i if i else 1.0 for i in range(k)], dtype=np.float32)


def aggregate_scores(
    scores: Scores, groups: Groups, n_groups: int, k: int, decay: float
) -> tuple[Scores, npt.NDArray[np.bool_]]:
    """Aggregate document ``scores`` into ``n_groups`` entity scores.

    ``groups[i]`` is the entity index of document ``i`` (a document may appear several times
    with different groups, e.g. once for its expert and once for the expert's institute).
    Returns the entity scores and a mask of entities that had at least one document.
    """
    scores = np.asarray(scores, dtype=np.float32)
    groups = np.asarray(groups, dtype=np.int64)
    out = np.zeros(n_groups, dtype=np.float32)
    seen = np.zeros(n_groups, dtype=bool)
    if len(scores) == 0:
        return out, seen
    # Sort by (group, -score) then rank within each group.
    order = np.lexsort((-scores, groups))
    g = groups[order]
    s = scores[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    counts = np.diff(np.r_[starts, len(g)])
    rank = np.arange(len(g)) - np.repeat(starts, counts)
    keep = rank < k
    w = decay_weights(k, decay)[rank[keep]]
    # Sums over the groups present only (their positions 0..m-1), not over all n_groups.
    present = g[starts]
    slot = np.repeat(np.arange(len(starts)), counts)[keep]
    num = np.bincount(slot, weights=w * s[keep], minlength=len(starts))
    den = np.bincount(slot, weights=w, minlength=len(starts))
    seen[present] = True
    out[present] = (num / np.maximum(den, 1e-12)).astype(np.float32)
    return out, seen
