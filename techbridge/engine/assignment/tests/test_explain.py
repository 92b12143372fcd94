"""Plain-words diagnosis of runs that cannot serve every need."""

from __future__ import annotations

import random

import numpy as np
import pytest

from techbridge.engine.assignment import (
    SOLVERS,
    AssignmentProblem,
    Candidate,
    Conflict,
    ConflictReason,
    DiagnosisKind,
    Handler,
    Need,
    Pair,
    solve,
)
from techbridge.engine.assignment.explain import _shared_pools
from techbridge.engine.assignment.instance import prepare
from techbridge.engine.assignment.tests.reference import random_problem


def test_feasible_run_has_no_diagnosis() -> None:
    problem = AssignmentProblem((Need("N1", 1),), (Handler("A", 1),), (Candidate("N1", "A", 0.5),))
    assert solve(problem).diagnosis == ()


@pytest.mark.parametrize("solver", sorted(SOLVERS))
def test_total_capacity_short_by_exactly_k(solver: str) -> None:
    # Given 3 needs of 2 handlers each (6 places) and handlers with 2 + 1 places
    needs = tuple(Need(f"N{i}", 2) for i in range(3))
    handlers = (Handler("A", 2), Handler("B", 1))
    candidates = tuple(Candidate(n.id, h.id, 0.5) for n in needs for h in handlers)
    result = solve(AssignmentProblem(needs, handlers, candidates), solver)
    # then 3 places stay open, the best partial assignment fills the other 3, and it says why
    assert result.total_unmet == 3 and len(result.assignments) == 3
    first = result.diagnosis[0]
    assert first.kind is DiagnosisKind.TOTAL_CAPACITY
    assert (first.demand, first.capacity, first.shortfall) == (6, 3, 3)
    assert first.message("en") == "6 handler places needed but total capacity is 3: 3 short"
    assert first.message("zh-hans") == "需要 6 名处理人，容量合计只有 3，缺 3"
    assert len(result.diagnosis) == 1  # the all-needs pool is the same fact


def test_need_with_too_few_conflict_free_candidates() -> None:
    # Given N17 needs 2 but one of its two candidates holds equity in the enterprise
    problem = AssignmentProblem(
        needs=(Need("n17", 2, label="N17"),),
        handlers=(Handler("A", 3), Handler("B", 3)),
        candidates=(Candidate("n17", "A", 0.7), Candidate("n17", "B", 0.9)),
        conflicts=(Conflict("n17", "B", ConflictReason.EQUITY_STAKE),),
    )
    result = solve(problem)
    assert result.unmet == {"n17": 1}
    assert [(a.need_id, a.handler_id) for a in result.assignments] == [("n17", "A")]
    (finding,) = result.diagnosis
    assert finding.kind is DiagnosisKind.TOO_FEW_CANDIDATES
    assert finding.need_ids == ("n17",) and finding.handler_ids == ("A",)
    assert finding.message_zh == (
        "需求 N17 需要 2 人，但无利益冲突的候选只有 1 人（1 人因利益冲突排除），缺 1"
    )
    assert finding.message_en == (
        "Need N17 requires 2 handlers but has only 1 candidate without a conflict of "
        "interest (1 removed for conflicts of interest): 1 short"
    )


def test_hall_bottleneck_group_is_named() -> None:
    # Given N1 and N2 share their only candidate A (1 place); N3 is fine with B.
    # Total capacity (6) and each need's own candidate count (1) are enough: only the group
    # shows the bottleneck.
    problem = AssignmentProblem(
        needs=(Need("N1", 1), Need("N2", 1), Need("N3", 1)),
        handlers=(Handler("A", 1), Handler("B", 5)),
        candidates=(
            Candidate("N1", "A", 0.9),
            Candidate("N2", "A", 0.4),
            Candidate("N3", "B", 0.5),
        ),
    )
    result = solve(problem)
    assert result.unmet == {"N2": 1}  # the better pair N1-A is kept
    (finding,) = result.diagnosis
    assert finding.kind is DiagnosisKind.SHARED_POOL
    assert (finding.need_ids, finding.handler_ids) == (("N1", "N2"), ("A",))
    assert (finding.demand, finding.capacity, finding.shortfall) == (2, 1, 1)
    assert finding.message_en == (
        "Needs N1, N2 together still need 2 handlers but their 1 eligible candidate (A) can "
        "take only 1 more: 1 short"
    )
    assert finding.message_zh == (
        "需求 N1、N2 合计还需 2 名处理人，但它们的 1 名可选处理人（A）最多还能接 1 个，缺 1"
    )


def test_two_separate_bottlenecks_are_reported_apart() -> None:
    needs = tuple(Need(f"N{i}", 1) for i in range(5))
    handlers = (Handler("A", 1), Handler("B", 1), Handler("C", 9))
    candidates = (
        Candidate("N0", "A", 0.5),
        Candidate("N1", "A", 0.5),
        Candidate("N2", "B", 0.5),
        Candidate("N3", "B", 0.5),
        Candidate("N4", "C", 0.5),
    )
    result = solve(AssignmentProblem(needs, handlers, candidates))
    groups = {(d.need_ids, d.shortfall) for d in result.diagnosis}
    assert groups == {(("N0", "N1"), 1), (("N2", "N3"), 1)}
    assert result.total_unmet == 2


def test_pins_use_up_a_pool() -> None:
    # Staff pinned N1-A, the only place A has: N2, whose only candidate is A, is left out.
    problem = AssignmentProblem(
        needs=(Need("N1", 1), Need("N2", 1)),
        handlers=(Handler("A", 1), Handler("B", 1)),
        candidates=(
            Candidate("N1", "A", 0.2),
            Candidate("N1", "B", 0.9),
            Candidate("N2", "A", 0.8),
        ),
        pinned=(Pair("N1", "A"),),
    )
    result = solve(problem)
    assert result.unmet == {"N2": 1}
    (finding,) = result.diagnosis
    assert finding.kind is DiagnosisKind.SHARED_POOL
    assert finding.message_en == (
        "Need N2 still needs 1 handler but its 1 eligible candidate (A) can take only 0 more: "
        "1 short"
    )


def test_long_groups_are_abbreviated_in_messages() -> None:
    needs = tuple(Need(f"N{i}", 1) for i in range(8))
    problem = AssignmentProblem(
        needs,
        (Handler("A", 1), Handler("B", 10)),
        tuple(Candidate(n.id, "A", 0.5) for n in needs),
    )
    (finding,) = solve(problem).diagnosis
    assert "N0, N1, N2, N3, N4 and 3 more" in finding.message_en
    assert "N0、N1、N2、N3、N4 等 8 个需求" in finding.message_zh
    assert len(finding.need_ids) == 8


@pytest.mark.parametrize("seed", range(40))
def test_pool_shortfalls_add_up_to_unmet_demand(seed: int) -> None:
    # The min-cut pools are exact: their shortfalls sum to what the max flow leaves unmet.
    problem = random_problem(random.Random(1000 + seed))
    result = solve(problem)
    prepared = prepare(problem)
    pinned = {(a.need_id, a.handler_id) for a in prepared.pinned}
    used = {(a.need_id, a.handler_id) for a in result.assignments} - pinned
    arc_flow = np.array(
        [
            (prepared.need_ids[n], prepared.handler_ids[h]) in used
            for n, h in zip(prepared.arc_need, prepared.arc_handler, strict=True)
        ],
        dtype=np.int64,
    )
    pools = _shared_pools(prepared, arc_flow)
    assert sum(p.shortfall for p in pools) == result.total_unmet
    assert bool(result.diagnosis) == (result.total_unmet > 0)


def test_need_without_any_candidate_and_no_handlers() -> None:
    result = solve(AssignmentProblem((Need("N1", 2),), (), ()))
    assert result.unmet == {"N1": 2}
    assert [d.message_en for d in result.diagnosis] == [
        "2 handler places needed but total capacity is 0: 2 short",
        "Need N1 requires 2 handlers but has no candidate without a conflict of interest: 2 short",
    ]
    assert result.diagnosis[1].message_zh == "需求 N1 需要 2 人，但没有无利益冲突的候选，缺 2"
