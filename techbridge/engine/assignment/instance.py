"""Validate a problem and turn it into index arrays that both solvers (flow and LP) read.

What is left to decide after staff pins: ``demand_left`` per need, ``capacity_left`` per
handler, and the eligible arcs (scored pairs minus conflicts, exclusions and pins).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from techbridge.engine.assignment.model import (
    SCALE,
    Assignment,
    AssignmentInputError,
    AssignmentProblem,
    AssignmentResult,
    ConflictReason,
    Diagnosis,
    scaled_quality,
)

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class PreparedInstance:
    """A validated problem as arrays; arc ``a`` joins need ``arc_need[a]`` to
    handler ``arc_handler[a]`` and is worth ``arc_gain[a]`` (scaled quality)."""

    need_ids: tuple[str, ...]
    need_labels: tuple[str, ...]
    handler_ids: tuple[str, ...]
    handler_labels: tuple[str, ...]
    required: IntArray
    capacity: IntArray
    demand_left: IntArray
    capacity_left: IntArray
    arc_need: IntArray
    arc_handler: IntArray
    arc_quality: npt.NDArray[np.float64]
    arc_gain: IntArray
    pinned: tuple[Assignment, ...]
    pinned_gain: int
    pinned_per_need: IntArray
    # Per need: scored candidates removed because of a conflict / a staff exclusion.
    removed_conflict: IntArray
    removed_excluded: IntArray

    @property
    def num_arcs(self) -> int:
        return int(self.arc_need.shape[0])


def prepare(problem: AssignmentProblem) -> PreparedInstance:
    """Check ``problem`` and index it; raises :class:`AssignmentInputError` when malformed.

    Conflicts and exclusions naming unknown ids are ignored (they only forbid); candidates and
    pins naming unknown ids are errors.
    """
    need_index = _index([n.id for n in problem.needs], "need")
    handler_index = _index([h.id for h in problem.handlers], "handler")
    for need in problem.needs:
        if need.required < 1:
            raise AssignmentInputError(f"need {need.id!r}: required must be >= 1")
    for handler in problem.handlers:
        if handler.capacity < 0:
            raise AssignmentInputError(f"handler {handler.id!r}: capacity must be >= 0")

    conflicts: dict[tuple[str, str], ConflictReason] = {
        (c.need_id, c.handler_id): c.reason for c in problem.conflicts
    }
    excluded = {(p.need_id, p.handler_id) for p in problem.excluded}
    quality: dict[tuple[str, str], float] = {}
    for cand in problem.candidates:
        key = (cand.need_id, cand.handler_id)
        if cand.need_id not in need_index or cand.handler_id not in handler_index:
            raise AssignmentInputError(f"candidate {key}: unknown need or handler id")
        if not (math.isfinite(cand.quality) and 0.0 <= cand.quality <= 1.0):
            raise AssignmentInputError(f"candidate {key}: quality must be in [0, 1]")
        if key in quality:
            raise AssignmentInputError(f"candidate {key} listed twice")
        quality[key] = cand.quality

    required = np.array([n.required for n in problem.needs], dtype=np.int64)
    capacity = np.array([h.capacity for h in problem.handlers], dtype=np.int64)
    demand_left = required.copy()
    capacity_left = capacity.copy()
    pinned_per_need = np.zeros(len(problem.needs), dtype=np.int64)
    pinned: list[Assignment] = []
    pinned_keys: set[tuple[str, str]] = set()
    for pair in problem.pinned:
        key = (pair.need_id, pair.handler_id)
        if pair.need_id not in need_index or pair.handler_id not in handler_index:
            raise AssignmentInputError(f"pinned pair {key}: unknown need or handler id")
        if key in conflicts:
            raise AssignmentInputError(
                f"pinned pair {key} is a conflict of interest ({conflicts[key].value}); "
                "remove the pin or the conflict"
            )
        if key in excluded:
            raise AssignmentInputError(f"pair {key} is both pinned and excluded")
        if key in pinned_keys:
            raise AssignmentInputError(f"pair {key} pinned twice")
        pinned_keys.add(key)
        n, h = need_index[pair.need_id], handler_index[pair.handler_id]
        demand_left[n] -= 1
        capacity_left[h] -= 1
        pinned_per_need[n] += 1
        if demand_left[n] < 0:
            raise AssignmentInputError(
                f"need {pair.need_id!r} has more pinned handlers than it requires ({required[n]})"
            )
        if capacity_left[h] < 0:
            raise AssignmentInputError(
                f"handler {pair.handler_id!r} is pinned to more needs than its capacity "
                f"({capacity[h]})"
            )
        pinned.append(Assignment(pair.need_id, pair.handler_id, quality.get(key, 0.0), True))

    removed_conflict = np.zeros(len(problem.needs), dtype=np.int64)
    removed_excluded = np.zeros(len(problem.needs), dtype=np.int64)
    arc_need: list[int] = []
    arc_handler: list[int] = []
    arc_quality: list[float] = []
    for (need_id, handler_id), q in quality.items():
        key = (need_id, handler_id)
        n = need_index[need_id]
        if key in conflicts:
            removed_conflict[n] += 1
        elif key in excluded:
            removed_excluded[n] += 1
        elif key not in pinned_keys:
            arc_need.append(n)
            arc_handler.append(handler_index[handler_id])
            arc_quality.append(q)

    qualities = np.array(arc_quality, dtype=np.float64)
    return PreparedInstance(
        need_ids=tuple(n.id for n in problem.needs),
        need_labels=tuple(n.label or n.id for n in problem.needs),
        handler_ids=tuple(h.id for h in problem.handlers),
        handler_labels=tuple(h.label or h.id for h in problem.handlers),
        required=required,
        capacity=capacity,
        demand_left=demand_left,
        capacity_left=capacity_left,
        arc_need=np.array(arc_need, dtype=np.int64),
        arc_handler=np.array(arc_handler, dtype=np.int64),
        arc_quality=qualities,
        # np.rint rounds half to even exactly like scaled_quality's round().
        arc_gain=np.rint(qualities * SCALE).astype(np.int64),
        pinned=tuple(pinned),
        pinned_gain=sum(scaled_quality(a.quality) for a in pinned),
        pinned_per_need=pinned_per_need,
        removed_conflict=removed_conflict,
        removed_excluded=removed_excluded,
    )


def assemble_result(
    prepared: PreparedInstance,
    arc_flow: npt.NDArray[np.int64],
    diagnosis: tuple[Diagnosis, ...],
    *,
    solver: str,
    solve_s: float,
    stats: Mapping[str, float],
) -> AssignmentResult:
    """The result record for a 0/1 flow ``arc_flow`` over the eligible arcs, plus the pins."""
    used = np.flatnonzero(arc_flow > 0)
    assignments = list(prepared.pinned)
    assignments += [
        Assignment(
            prepared.need_ids[prepared.arc_need[a]],
            prepared.handler_ids[prepared.arc_handler[a]],
            float(prepared.arc_quality[a]),
        )
        for a in used
    ]
    need_flow = np.bincount(prepared.arc_need[used], minlength=len(prepared.need_ids)).astype(
        np.int64
    )
    unmet = prepared.demand_left - need_flow
    objective_scaled = prepared.pinned_gain + int(prepared.arc_gain[used].sum())
    return AssignmentResult(
        assignments=tuple(assignments),
        objective=objective_scaled / SCALE,
        objective_scaled=objective_scaled,
        unmet={prepared.need_ids[n]: int(unmet[n]) for n in np.flatnonzero(unmet)},
        diagnosis=diagnosis,
        solve_s=solve_s,
        solver=solver,
        stats=dict(stats),
    )


def _index(ids: list[str], what: str) -> dict[str, int]:
    counts = Counter(ids)
    duplicates = sorted(i for i, c in counts.items() if c > 1)
    if duplicates:
        raise AssignmentInputError(f"duplicate {what} ids: {', '.join(duplicates[:5])}")
    return {i: k for k, i in enumerate(ids)}
