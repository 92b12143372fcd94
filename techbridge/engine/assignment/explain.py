"""Say in plain words (en and zh) why a run cannot give every need all its handlers.

Three findings, most general first:

* total capacity: all handlers together have fewer places than the needs require;
* too few candidates: one need has fewer eligible (scored, conflict-free, not excluded)
  candidates than it requires;
* shared pool (Hall bottleneck): a group of needs whose candidates can take fewer than the
  group requires. The group is the source side of the minimum cut, read off the residual graph
  of any maximum flow, split into connected components; each component's shortfall is exact
  and the shortfalls add up to the total unmet demand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from techbridge.engine.assignment.instance import IntArray, PreparedInstance
from techbridge.engine.assignment.model import Diagnosis, DiagnosisKind

_LISTED = 5  # ids named in a message; the record carries them all


def diagnose(prepared: PreparedInstance, arc_flow: npt.NDArray[np.int64]) -> tuple[Diagnosis, ...]:
    """Findings for a run whose *maximum* flow ``arc_flow`` (0/1 per eligible arc) leaves
    demand unmet; empty when every need is served."""
    need_flow = np.bincount(prepared.arc_need, weights=arc_flow, minlength=len(prepared.need_ids))
    if int(need_flow.sum()) >= int(prepared.demand_left.sum()):
        return ()
    findings: list[Diagnosis] = []
    total_capacity = _total_capacity(prepared)
    if total_capacity is not None:
        findings.append(total_capacity)
    too_few = _too_few_candidates(prepared)
    findings.extend(too_few.values())
    for group in _shared_pools(prepared, arc_flow):
        only_need = group.need_ids[0] if len(group.need_ids) == 1 else None
        if only_need in too_few and too_few[only_need].shortfall == group.shortfall:
            continue  # the same fact, already said for that need
        if total_capacity is not None and len(group.need_ids) == len(prepared.need_ids):
            continue  # every need in one pool: that is the total-capacity finding
        findings.append(group)
    return tuple(findings)


def _total_capacity(prepared: PreparedInstance) -> Diagnosis | None:
    demand, capacity = int(prepared.required.sum()), int(prepared.capacity.sum())
    if demand <= capacity:
        return None
    short = demand - capacity
    return Diagnosis(
        kind=DiagnosisKind.TOTAL_CAPACITY,
        message_en=f"{demand} handler places needed but total capacity is {capacity}: "
        f"{short} short",
        message_zh=f"需要 {demand} 名处理人，容量合计只有 {capacity}，缺 {short}",
        need_ids=prepared.need_ids,
        handler_ids=prepared.handler_ids,
        demand=demand,
        capacity=capacity,
        shortfall=short,
    )


def _too_few_candidates(prepared: PreparedInstance) -> dict[str, Diagnosis]:
    eligible = prepared.pinned_per_need + np.bincount(
        prepared.arc_need, minlength=len(prepared.need_ids)
    )
    found: dict[str, Diagnosis] = {}
    flagged = np.flatnonzero(eligible < prepared.required)
    pool: dict[int, set[str]] = {int(n): set() for n in flagged}
    for n, h in zip(prepared.arc_need, prepared.arc_handler, strict=True):
        if int(n) in pool:
            pool[int(n)].add(prepared.handler_ids[h])
    pinned: dict[str, set[str]] = {}
    for a in prepared.pinned:
        pinned.setdefault(a.need_id, set()).add(a.handler_id)
    for n in flagged:
        need_id, label = prepared.need_ids[n], prepared.need_labels[n]
        required, have = int(prepared.required[n]), int(eligible[n])
        short = required - have
        conflicts, excluded = int(prepared.removed_conflict[n]), int(prepared.removed_excluded[n])
        why_en = [f"{conflicts} removed for conflicts of interest"] if conflicts else []
        why_en += [f"{excluded} excluded by staff"] if excluded else []
        why_zh = [f"{conflicts} 人因利益冲突排除"] if conflicts else []
        why_zh += [f"{excluded} 人被工作人员排除"] if excluded else []
        extra_en = f" ({', '.join(why_en)})" if why_en else ""
        extra_zh = f"（{'，'.join(why_zh)}）" if why_zh else ""
        handlers = pool[int(n)] | pinned.get(need_id, set())
        have_en = f"only {have} candidate{'' if have == 1 else 's'}" if have else "no candidate"
        have_zh = f"无利益冲突的候选只有 {have} 人" if have else "没有无利益冲突的候选"
        found[need_id] = Diagnosis(
            kind=DiagnosisKind.TOO_FEW_CANDIDATES,
            message_en=f"Need {label} requires {required} handlers but has {have_en} "
            f"without a conflict of interest{extra_en}: {short} short",
            message_zh=f"需求 {label} 需要 {required} 人，但{have_zh}{extra_zh}，缺 {short}",
            need_ids=(need_id,),
            handler_ids=tuple(sorted(handlers)),
            demand=required,
            capacity=have,
            shortfall=short,
        )
    return found


def _shared_pools(prepared: PreparedInstance, arc_flow: npt.NDArray[np.int64]) -> list[Diagnosis]:
    """Components of the min cut's source side, each with its exact shortfall."""
    num_needs, num_handlers = len(prepared.need_ids), len(prepared.handler_ids)
    reachable_need = _source_side_needs(prepared, arc_flow)
    in_group = reachable_need[prepared.arc_need]
    arc_need, arc_handler = prepared.arc_need[in_group], prepared.arc_handler[in_group]
    # SciPy's graphs (some 30 MB) load with a first diagnosis, not with the web process.
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    # Needs and handlers as one graph (handlers after needs) to split the group into pools.
    size = num_needs + num_handlers
    graph = coo_matrix(
        (np.ones(arc_need.shape[0]), (arc_need, num_needs + arc_handler)), shape=(size, size)
    ).tocsr()
    _, component = connected_components(graph, directed=False)
    pools: list[Diagnosis] = []
    for label in np.unique(component[np.flatnonzero(reachable_need)]):
        needs = np.flatnonzero(reachable_need & (component[:num_needs] == label))
        pool_arcs = component[arc_need] == label
        handlers, degree = np.unique(arc_handler[pool_arcs], return_counts=True)
        demand = int(prepared.demand_left[needs].sum())
        capacity = int(np.minimum(prepared.capacity_left[handlers], degree).sum())
        if demand > capacity:
            pools.append(_pool_diagnosis(prepared, needs, handlers, demand, capacity))
    pools.sort(key=lambda d: -d.shortfall)
    return pools


def _source_side_needs(
    prepared: PreparedInstance, arc_flow: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """Needs reachable from the source in the residual graph of a maximum flow."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import breadth_first_order

    num_needs, num_handlers = len(prepared.need_ids), len(prepared.handler_ids)
    source = num_needs + num_handlers
    need_flow = np.bincount(prepared.arc_need, weights=arc_flow, minlength=num_needs)
    open_needs = np.flatnonzero(need_flow < prepared.demand_left)
    forward = arc_flow == 0  # need -> handler still has room
    tails = np.concatenate(
        [
            np.full(open_needs.shape[0], source),
            prepared.arc_need[forward],
            num_needs + prepared.arc_handler[~forward],  # used arcs can be undone
        ]
    )
    heads = np.concatenate(
        [open_needs, num_needs + prepared.arc_handler[forward], prepared.arc_need[~forward]]
    )
    graph = coo_matrix(
        (np.ones(tails.shape[0]), (tails, heads)), shape=(source + 1, source + 1)
    ).tocsr()
    order = breadth_first_order(graph, source, directed=True, return_predecessors=False)
    reachable = np.zeros(source + 1, dtype=bool)
    reachable[order] = True
    # The sink is never reached (the flow is maximum), so handler -> sink arcs are not needed.
    return reachable[:num_needs]


def _pool_diagnosis(
    prepared: PreparedInstance,
    needs: IntArray,
    handlers: IntArray,
    demand: int,
    capacity: int,
) -> Diagnosis:
    short = demand - capacity
    need_labels = [prepared.need_labels[n] for n in needs]
    handler_labels = [prepared.handler_labels[h] for h in handlers]
    if len(needs) == 1:
        subject_en, subject_zh = f"Need {need_labels[0]} still needs", f"需求 {need_labels[0]} 还需"
        whose_en, whose_zh = "its", "它的"
    else:
        subject_en = f"Needs {_list_en(need_labels)} together still need"
        subject_zh = f"需求 {_list_zh(need_labels, '个需求')} 合计还需"
        whose_en, whose_zh = "their", "它们的"
    pool_en = f"{len(handlers)} eligible candidate{'' if len(handlers) == 1 else 's'}"
    if handler_labels:
        pool_en += f" ({_list_en(handler_labels)})"
    pool_zh = f"{len(handlers)} 名可选处理人"
    if handler_labels:
        pool_zh += f"（{_list_zh(handler_labels, '人')}）"
    return Diagnosis(
        kind=DiagnosisKind.SHARED_POOL,
        message_en=f"{subject_en} {demand} handler{'' if demand == 1 else 's'} but {whose_en} "
        f"{pool_en} can take only {capacity} more: {short} short",
        message_zh=f"{subject_zh} {demand} 名处理人，但{whose_zh} {pool_zh}最多还能接 "
        f"{capacity} 个，缺 {short}",
        need_ids=tuple(prepared.need_ids[n] for n in needs),
        handler_ids=tuple(prepared.handler_ids[h] for h in handlers),
        demand=demand,
        capacity=capacity,
        shortfall=short,
    )


def _list_en(labels: Sequence[str]) -> str:
    if len(labels) <= _LISTED:
        return ", ".join(labels)
    return f"{', '.join(labels[:_LISTED])} and {len(labels) - _LISTED} more"


def _list_zh(labels: Sequence[str], unit: str) -> str:
    if len(labels) <= _LISTED:
        return "、".join(labels)
    return f"{'、'.join(labels[:_LISTED])} 等 {len(labels)} {unit}"
