"""Benchmark: solve a large random batch with the flow solver and check it against the LP.

``python -m techbridge_bench.assignment --needs 10000 --handlers 5000`` (also
``techbridge bench assignment ...``) prints a short table, then one JSON line with
``solve_s``, ``objective``, ``lp_objective`` and ``gap`` (integer-scaled objectives, so the gap
is exact and must be 0).

The instance: handlers and needs belong to technical domains (one per 100 handlers); a need's
candidates are mostly handlers of its domain, some from anywhere; quality mixes the handler's
strength, a same-domain bonus and noise; capacities 1-8 (raised at random until they exceed
demand by 10%), 1-3 handlers required per need, ~3% of candidate pairs are conflicts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from techbridge.engine.assignment.lp import LinearProgramSolver
from techbridge.engine.assignment.model import (
    SCALE,
    AssignmentProblem,
    Candidate,
    Conflict,
    ConflictReason,
    Handler,
    Need,
)
from techbridge.engine.assignment.solver import MinCostFlowSolver

CONFLICT_RATE = 0.03
IN_DOMAIN_SHARE = 0.7


def make_instance(
    num_needs: int, num_handlers: int, candidates: int, seed: int
) -> AssignmentProblem:
    """A random but realistic batch (see the module docstring); same seed, same instance."""
    rng = np.random.default_rng(seed)
    num_domains = max(1, num_handlers // 100)
    handler_domain = rng.integers(num_domains, size=num_handlers)
    strength = rng.beta(2.0, 2.0, size=num_handlers)
    capacity = rng.integers(1, 9, size=num_handlers)
    required = rng.integers(1, 4, size=num_needs)
    while capacity.sum() < 1.1 * required.sum():
        capacity[rng.integers(num_handlers, size=num_handlers)] += 1
    need_domain = rng.integers(num_domains, size=num_needs)
    members = [np.flatnonzero(handler_domain == d) for d in range(num_domains)]
    per_need = min(candidates, num_handlers)
    in_domain = round(per_need * IN_DOMAIN_SHARE)

    pair_need: list[np.ndarray] = []
    pair_handler: list[np.ndarray] = []
    for n in range(num_needs):
        pool = members[need_domain[n]]
        picked = rng.choice(pool, size=min(in_domain, pool.shape[0]), replace=False)
        anywhere = rng.choice(num_handlers, size=per_need, replace=False)
        chosen = np.concatenate([picked, anywhere[~np.isin(anywhere, picked)]])[:per_need]
        pair_need.append(np.full(chosen.shape[0], n))
        pair_handler.append(chosen)
    need_of = np.concatenate(pair_need)
    handler_of = np.concatenate(pair_handler)
    same_domain = handler_domain[handler_of] == need_domain[need_of]
    quality = np.clip(
        0.35 * strength[handler_of] + 0.2 * same_domain + 0.45 * rng.random(need_of.shape[0]),
        0.0,
        1.0,
    ).round(4)
    conflicted = np.flatnonzero(rng.random(need_of.shape[0]) < CONFLICT_RATE)
    reasons = list(ConflictReason)
    reason_of = rng.integers(len(reasons), size=conflicted.shape[0])

    need_ids = [f"N{n}" for n in range(num_needs)]
    handler_ids = [f"H{h}" for h in range(num_handlers)]
    return AssignmentProblem(
        needs=tuple(Need(need_ids[n], int(required[n])) for n in range(num_needs)),
        handlers=tuple(
            Handler(
                handler_ids[h],
                int(capacity[h]),
                kind="institute" if h % 3 == 0 else "project_manager",
            )
            for h in range(num_handlers)
        ),
        candidates=tuple(
            Candidate(need_ids[n], handler_ids[h], float(q))
            for n, h, q in zip(need_of.tolist(), handler_of.tolist(), quality.tolist(), strict=True)
        ),
        conflicts=tuple(
            Conflict(need_ids[need_of[a]], handler_ids[handler_of[a]], reasons[r])
            for a, r in zip(conflicted.tolist(), reason_of.tolist(), strict=True)
        ),
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code (1 if the LP disagrees with the flow)."""
    parser = argparse.ArgumentParser(prog="techbridge bench assignment", description=__doc__)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--handlers", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--candidates", type=int, default=30, help="candidate pairs per need")
    parser.add_argument("--skip-lp", action="store_true", help="time the flow solver only")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    problem = make_instance(args.needs, args.handlers, args.candidates, args.seed)
    build_s = time.perf_counter() - started
    demand = sum(n.required for n in problem.needs)
    capacity = sum(h.capacity for h in problem.handlers)
    print(
        f"instance: {args.needs} needs, {args.handlers} handlers, "
        f"{len(problem.candidates)} candidate pairs, {len(problem.conflicts)} conflicts, "
        f"seed {args.seed} (built in {build_s:.1f} s)"
    )
    print(f"demand {demand} places, capacity {capacity} places, quality scale {SCALE}")

    flow = MinCostFlowSolver().solve(problem)
    rows = [("min-cost flow", flow.solve_s, flow.objective_scaled, flow.total_unmet)]
    record: dict[str, object] = {
        "needs": args.needs,
        "handlers": args.handlers,
        "arcs": int(flow.stats["arcs"]),
        "assigned": len(flow.assignments),
        "unmet": flow.total_unmet,
        "solve_s": round(flow.solve_s, 3),
        "flow_s": round(flow.stats["flow_s"], 3),
        "objective": flow.objective_scaled,
        "lp_objective": None,
        "gap": None,
        "lp_s": None,
    }
    exit_code = 0
    if not args.skip_lp:
        lp = LinearProgramSolver().solve(problem)
        lp_objective = int(lp.stats["lp_objective_scaled"])
        rows.append(("LP (HiGHS)", lp.solve_s, lp_objective, lp.total_unmet))
        gap = lp_objective - flow.objective_scaled
        record.update(lp_objective=lp_objective, gap=gap, lp_s=round(lp.solve_s, 3))
        exit_code = 0 if gap == 0 and lp.total_unmet == flow.total_unmet else 1

    print(f"{'solver':<15}{'time_s':>9}{'objective (scaled)':>21}{'quality':>12}{'unmet':>7}")
    for name, seconds, objective, unmet in rows:
        print(f"{name:<15}{seconds:>9.2f}{objective:>21}{objective / SCALE:>12.4f}{unmet:>7}")
    for finding in flow.diagnosis[:5]:
        print(f"  - {finding.message_en}")
    if record["gap"] is not None:
        print(f"gap (LP - flow, scaled): {record['gap']}")
    print(json.dumps(record))
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
