"""The flow solver on hand-checked instances, against brute force and against the LP."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from techbridge_bench.assignment import make_instance

from techbridge.engine.assignment import (
    SOLVERS,
    AssignmentInputError,
    AssignmentProblem,
    AssignmentResult,
    Candidate,
    Conflict,
    ConflictReason,
    Handler,
    Need,
    Pair,
    solve,
)
from techbridge.engine.assignment.tests.reference import brute_force, random_problem


def pairs(result: AssignmentResult) -> set[tuple[str, str]]:
    return {(a.need_id, a.handler_id) for a in result.assignments}


def greedy_trap() -> AssignmentProblem:
    # Greedy takes N1-A (0.9) and ends at 1.3; the optimum gives A to N2 and reaches 1.95.
    return AssignmentProblem(
        needs=(Need("N1", 1), Need("N2", 1), Need("N3", 1)),
        handlers=(Handler("A", 1), Handler("B", 2, kind="institute")),
        candidates=(
            Candidate("N1", "A", 0.9),
            Candidate("N1", "B", 0.8),
            Candidate("N2", "A", 0.85),
            Candidate("N2", "B", 0.1),
            Candidate("N3", "B", 0.3),
        ),
    )


@pytest.mark.parametrize("solver", sorted(SOLVERS))
def test_hand_checked_optimum_beats_greedy(solver: str) -> None:
    # Given three needs competing for handler A, when solved
    result = solve(greedy_trap(), solver)
    # then the optimum found by hand is returned, every need served
    assert pairs(result) == {("N1", "B"), ("N2", "A"), ("N3", "B")}
    assert result.objective_scaled == 1_950_000
    assert result.objective == pytest.approx(1.95)
    assert result.feasible and result.unmet == {} and result.diagnosis == ()


def test_conflict_is_never_assigned_even_when_best() -> None:
    # Given the optimum's pair N2-A declared a conflict of interest
    problem = greedy_trap()
    problem = AssignmentProblem(
        problem.needs,
        problem.handlers,
        problem.candidates,
        conflicts=(Conflict("N2", "A", ConflictReason.EQUITY_STAKE),),
    )
    result = solve(problem)
    # then it is absent and the next best assignment (1.3) is chosen
    assert ("N2", "A") not in pairs(result)
    assert pairs(result) == {("N1", "A"), ("N2", "B"), ("N3", "B")}
    assert result.objective_scaled == 1_300_000


def test_excluded_pair_is_left_out_and_pinned_pair_kept() -> None:
    # Staff exclude N2-A and pin N1-A: the rest is re-optimised around them.
    base = greedy_trap()
    excluded = solve(
        AssignmentProblem(base.needs, base.handlers, base.candidates, excluded=(Pair("N2", "A"),))
    )
    assert ("N2", "A") not in pairs(excluded)
    pinned = solve(
        AssignmentProblem(base.needs, base.handlers, base.candidates, pinned=(Pair("N1", "A"),))
    )
    assert pairs(pinned) == {("N1", "A"), ("N2", "B"), ("N3", "B")}
    assert [a.pinned for a in pinned.assignments if a.need_id == "N1"] == [True]
    assert pinned.objective_scaled == 1_300_000


def test_unscored_pin_counts_with_quality_zero() -> None:
    base = greedy_trap()
    result = solve(
        AssignmentProblem(base.needs, base.handlers, base.candidates, pinned=(Pair("N3", "A"),))
    )
    assert ("N3", "A", 0.0, True) in {
        (a.need_id, a.handler_id, a.quality, a.pinned) for a in result.assignments
    }
    assert pairs(result) == {("N3", "A"), ("N1", "B"), ("N2", "B")}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"conflicts": (Conflict("N1", "A", ConflictReason.SAME_ORGANISATION),)}, "conflict"),
        ({"excluded": (Pair("N1", "A"),)}, "both pinned and excluded"),
    ],
)
def test_pinned_conflict_or_exclusion_is_an_error(
    change: dict[str, tuple[object, ...]], message: str
) -> None:
    base = greedy_trap()
    problem = AssignmentProblem(
        base.needs,
        base.handlers,
        base.candidates,
        pinned=(Pair("N1", "A"),),
        **change,  # type: ignore[arg-type]
    )
    with pytest.raises(AssignmentInputError, match=message):
        solve(problem)


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (
            AssignmentProblem((Need("N1", 1),), (Handler("A", 1),), (Candidate("N1", "X", 0.5),)),
            "unknown",
        ),
        (
            AssignmentProblem((Need("N1", 1),), (Handler("A", 1),), (Candidate("N1", "A", 1.5),)),
            r"\[0, 1\]",
        ),
        (
            AssignmentProblem(
                (Need("N1", 1),),
                (Handler("A", 1),),
                (Candidate("N1", "A", 0.5), Candidate("N1", "A", 0.6)),
            ),
            "twice",
        ),
        (AssignmentProblem((Need("N1", 0),), (Handler("A", 1),), ()), "required"),
        (AssignmentProblem((Need("N1", 1), Need("N1", 1)), (), ()), "duplicate need"),
        (
            AssignmentProblem(
                (Need("N1", 1),), (Handler("A", 2),), (), pinned=(Pair("N1", "A"),) * 2
            ),
            "pinned twice",
        ),
        (
            AssignmentProblem(
                (Need("N1", 1), Need("N2", 1)),
                (Handler("A", 1),),
                (),
                pinned=(Pair("N1", "A"), Pair("N2", "A")),
            ),
            "capacity",
        ),
    ],
)
def test_malformed_problems_are_rejected(problem: AssignmentProblem, message: str) -> None:
    with pytest.raises(AssignmentInputError, match=message):
        solve(problem)


def test_empty_problem() -> None:
    result = solve(AssignmentProblem((), (Handler("A", 1),), ()))
    assert result.assignments == () and result.objective_scaled == 0 and result.feasible


def check_constraints(problem: AssignmentProblem, result: AssignmentResult) -> None:
    forbidden = {(c.need_id, c.handler_id) for c in problem.conflicts}
    forbidden |= {(p.need_id, p.handler_id) for p in problem.excluded}
    allowed = {(c.need_id, c.handler_id) for c in problem.candidates}
    allowed |= {(p.need_id, p.handler_id) for p in problem.pinned}
    chosen = [(a.need_id, a.handler_id) for a in result.assignments]
    assert len(chosen) == len(set(chosen))
    assert not set(chosen) & forbidden
    assert set(chosen) <= allowed
    assert {(p.need_id, p.handler_id) for p in problem.pinned} <= set(chosen)
    per_need, per_handler = Counter(n for n, _ in chosen), Counter(h for _, h in chosen)
    for need in problem.needs:
        assert per_need[need.id] + result.unmet.get(need.id, 0) == need.required
    for handler in problem.handlers:
        assert per_handler[handler.id] <= handler.capacity


@pytest.mark.parametrize("seed", range(60))
def test_optimum_equals_brute_force(seed: int) -> None:
    # Given a tiny random instance (feasible or not)
    problem = random_problem(random.Random(seed))
    filled, gain = brute_force(problem)
    for solver in SOLVERS:
        # when either solver runs, then it fills as many places as possible, and among those
        # assignments reaches the best total quality, within every constraint
        result = solve(problem, solver)
        check_constraints(problem, result)
        assert (len(result.assignments), result.objective_scaled) == (filled, gain)
        assert bool(result.diagnosis) == (not result.feasible)


@pytest.mark.parametrize("seed", range(4))
def test_lp_equals_flow_on_random_batches(seed: int) -> None:
    problem = make_instance(120, 60, candidates=8, seed=seed)
    flow, lp = solve(problem), solve(problem, "linprog")
    check_constraints(problem, flow)
    check_constraints(problem, lp)
    assert flow.objective_scaled == lp.objective_scaled == lp.stats["lp_objective_scaled"]
    assert lp.stats["max_fractionality"] < 1e-6
    assert flow.total_unmet == lp.total_unmet


def test_lp_equals_flow_when_demand_exceeds_capacity() -> None:
    # Two-phase LP (most places, then most quality) against the max-flow-min-cost answer.
    base = make_instance(100, 30, candidates=6, seed=11)
    tight = AssignmentProblem(
        base.needs,
        tuple(Handler(h.id, h.capacity // 3) for h in base.handlers),
        base.candidates,
        base.conflicts,
    )
    flow, lp = solve(tight), solve(tight, "linprog")
    assert flow.total_unmet > 0 and lp.stats["phases"] == 2
    assert flow.total_unmet == lp.total_unmet
    assert flow.objective_scaled == lp.objective_scaled == lp.stats["lp_objective_scaled"]
