"""Helpers for the assignment tests: tiny random instances and a brute-force reference."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from techbridge.engine.assignment import (
    AssignmentProblem,
    Candidate,
    Conflict,
    ConflictReason,
    Handler,
    Need,
    Pair,
    scaled_quality,
)


def random_problem(rng: random.Random, *, max_arcs: int = 12) -> AssignmentProblem:
    """2-4 needs, 2-3 handlers, a few scored pairs, maybe a conflict, pin and exclusion."""
    needs = tuple(Need(f"N{i}", rng.randint(1, 2)) for i in range(rng.randint(2, 4)))
    handlers = tuple(Handler(f"H{j}", rng.randint(0, 3)) for j in range(rng.randint(2, 3)))
    pairs = [(n.id, h.id) for n in needs for h in handlers]
    scored = rng.sample(pairs, min(len(pairs), rng.randint(2, max_arcs)))
    candidates = tuple(Candidate(n, h, round(rng.random(), 3)) for n, h in scored)
    conflicts = tuple(
        Conflict(n, h, ConflictReason.DECLARED) for n, h in scored if rng.random() < 0.15
    )
    forbidden = {(c.need_id, c.handler_id) for c in conflicts}
    free = [p for p in scored if p not in forbidden]
    excluded = tuple(Pair(n, h) for n, h in free if rng.random() < 0.1)
    return AssignmentProblem(needs, handlers, candidates, conflicts, excluded=excluded)


def brute_force(problem: AssignmentProblem) -> tuple[int, int]:
    """(places filled, scaled quality) of the lexicographically best assignment, by
    enumerating every subset of the allowed pairs."""
    forbidden = {(c.need_id, c.handler_id) for c in problem.conflicts}
    forbidden |= {(p.need_id, p.handler_id) for p in problem.excluded}
    pinned = {(p.need_id, p.handler_id) for p in problem.pinned}
    quality = {(c.need_id, c.handler_id): c.quality for c in problem.candidates}
    free = [k for k in quality if k not in forbidden and k not in pinned]
    required = {n.id: n.required for n in problem.needs}
    capacity = {h.id: h.capacity for h in problem.handlers}
    best = (-1, -1)
    for size in range(len(free) + 1):
        for chosen in itertools.combinations(free, size):
            pairs = list(chosen) + sorted(pinned)
            per_need = Counter(n for n, _ in pairs)
            per_handler = Counter(h for _, h in pairs)
            if any(per_need[n] > required[n] for n in per_need):
                continue
            if any(per_handler[h] > capacity[h] for h in per_handler):
                continue
            gain = sum(scaled_quality(quality.get(p, 0.0)) for p in pairs)
            best = max(best, (len(pairs), gain))
    return best
