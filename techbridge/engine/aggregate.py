"""From document scores to entity scores (an expert from their papers, patents and projects; an
institute from its experts, achievements and contracts).

A candidate document counts for its own entity and for every entity above it
(:func:`entity_rows`: a paper counts for its expert, the expert's institute and the institute's
partner). An entity's score is a decaying weighted mean of its best ``k`` document scores,
``sum_i decay**i * s_(i) / sum_i decay**i`` over the sorted scores ``s_(0) >= s_(1) >= ...``:
``decay=0`` is the maximum, ``decay=1`` the plain top-k mean. An entity with fewer documents is
averaged over what it has.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from techbridge.engine.catalog import Catalog

__all__ = ["aggregate_scores", "best_rows", "decay_weights", "entity_rows", "top_entities"]

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


def entity_rows(catalog: Catalog, keys: Groups, types: set[str] | None) -> tuple[Groups, Groups]:
    """(row, entity) pairs: each row of ``keys`` (document keys) for its document's entity and
    that entity's ancestors (linked institutes...), of ``types`` only (None: all), rows in
    ascending order and, within a row, the entity before its ancestors."""
    ents = catalog.doc_entity[keys]
    rows = np.arange(len(keys), dtype=np.int64)
    grp = ents
    if catalog.parents:
        parents = catalog.parents
        cache: dict[int, list[int]] = {}
        extra_rows: list[int] = []
        extra_grp: list[int] = []
        for row, ent in enumerate(ents.tolist()):
            if ent in parents:
                above = cache.get(ent)
                if above is None:
                    above = cache[ent] = catalog.ancestors(ent)
                extra_rows.extend([row] * len(above))
                extra_grp.extend(above)
        if extra_rows:
            rows = np.concatenate([rows, np.asarray(extra_rows, dtype=np.int64)])
            grp = np.concatenate([grp, np.asarray(extra_grp, dtype=np.int64)])
            order = np.argsort(rows, kind="stable")
            rows, grp = rows[order], grp[order]
    if types is not None:
        entities = catalog.entities
        wanted = np.fromiter((entities[g][0] in types for g in grp.tolist()), bool, len(grp))
        rows, grp = rows[wanted], grp[wanted]
    return rows, grp


def top_entities(scores: Scores, seen: npt.NDArray[np.bool_], k: int) -> Groups:
    """The seen entities by descending score (ties: lower index first), the first ``k`` of
    them (``k <= 0``: all)."""
    cand = np.flatnonzero(seen)
    order = cand[np.argsort(-scores[cand], kind="stable")]
    return order[:k] if k > 0 else order


def best_rows(rows: Groups, groups: Groups, scores: Scores, entity: int, k: int) -> Groups:
    """The ``k`` best-scoring of the rows counted for ``entity`` (its evidence)."""
    mine = rows[groups == entity]
    best: Groups = mine[np.argsort(-scores[mine], kind="stable")][:k]
    return best
