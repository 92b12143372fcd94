"""An independent check of the flow solver: the same problem as a linear program for HiGHS.

Variables ``x[a]`` in [0, 1], one per eligible candidate arc. Rows: per need
``sum x <= handlers still required``, per handler ``sum x <= places left``. Two phases give
the same lexicographic objective as the flow solver:

1. maximise ``sum x`` (places filled); skipped when the needs' rows can hold with equality;
2. maximise ``sum gain[a] * x[a]`` with ``sum x`` fixed to the phase-1 optimum.

Both constraint matrices are network matrices (incidence of source -> need -> handler -> sink,
plus the source's own row), hence totally unimodular: the LP optimum is attained at an integer
vertex and equals the flow optimum. Gains are the same integers as the flow's costs
(``round(quality * SCALE)``), divided by SCALE only to keep HiGHS's numbers near 1.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, vstack

from techbridge.engine.assignment.explain import diagnose
from techbridge.engine.assignment.instance import assemble_result, prepare
from techbridge.engine.assignment.model import SCALE, AssignmentProblem, AssignmentResult


class LinearProgramSolver:
    """Solve with ``scipy.optimize.linprog(method=...)`` (HiGHS); slower than the flow, and
    meant as its reference. ``stats["lp_objective_scaled"]`` is HiGHS's own optimum."""

    name = "linprog"

    def __init__(self, method: str = "highs") -> None:
        self.method = method

    def solve(self, problem: AssignmentProblem) -> AssignmentResult:
        """Solve ``problem``; raises ``AssignmentInputError`` if it is malformed."""
        started = time.perf_counter()
        prepared = prepare(problem)
        num_needs, num_handlers = len(prepared.need_ids), len(prepared.handler_ids)
        num_arcs = prepared.num_arcs
        columns = np.arange(num_arcs)
        ones = np.ones(num_arcs)
        need_rows = csr_matrix((ones, (prepared.arc_need, columns)), shape=(num_needs, num_arcs))
        handler_rows = csr_matrix(
            (ones, (prepared.arc_handler, columns)), shape=(num_handlers, num_arcs)
        )
        gain = prepared.arc_gain.astype(np.float64) / SCALE
        demand = prepared.demand_left.astype(np.float64)
        capacity = prepared.capacity_left.astype(np.float64)

        phases, lp_objective = 0, 0.0
        x = np.zeros(num_arcs)
        if num_arcs:
            # Every need served exactly: one LP.
            phases = 1
            result = self._linprog(
                -gain, handler_rows, capacity, need_rows, demand, allow_infeasible=True
            )
            if result.status == 2:  # infeasible: some demand must stay unmet
                phases = 2
                rows = vstack([need_rows, handler_rows]).tocsr()
                limits = np.concatenate([demand, capacity])
                filled = float(np.rint(-self._linprog(-ones, rows, limits, None, None).fun))
                one_row = csr_matrix(ones.reshape(1, -1))
                result = self._linprog(-gain, rows, limits, one_row, np.array([filled]))
            x = np.asarray(result.x, dtype=np.float64)
            lp_objective = float(-result.fun)
        arc_flow = np.rint(x).astype(np.int64)
        solved_at = time.perf_counter()
        diagnosis = diagnose(prepared, arc_flow)
        finished = time.perf_counter()
        return assemble_result(
            prepared,
            arc_flow,
            diagnosis,
            solver=self.name,
            solve_s=finished - started,
            stats={
                "arcs": float(num_arcs),
                "phases": float(phases),
                "lp_s": solved_at - started,
                "lp_objective_scaled": float(prepared.pinned_gain + round(lp_objective * SCALE)),
                # 0 at a vertex: total unimodularity makes every vertex integral.
                "max_fractionality": float(np.abs(x - arc_flow).max()) if num_arcs else 0.0,
            },
        )

    def _linprog(
        self,
        cost: Any,
        a_ub: Any,
        b_ub: Any,
        a_eq: Any,
        b_eq: Any,
        *,
        allow_infeasible: bool = False,
    ) -> Any:
        result = linprog(
            cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, 1), method=self.method
        )
        if result.status == 0 or (allow_infeasible and result.status == 2):
            return result
        raise RuntimeError(f"linprog ended with status {result.status}: {result.message}")
