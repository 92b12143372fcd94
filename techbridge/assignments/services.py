"""Assign a batch of open needs to project managers and institutes in one run.

Quality comes from the matching index (the need's text against each handler's documents);
conflicts of interest are never assigned: a handler who belongs to the enterprise, an
institute (or a project manager's institute) holding equity in the enterprise or in one of
its competitors, and declared conflicts. The engine's min-cost-flow solver maximises total
quality under capacities, and explains in plain words what cannot be met.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from techbridge.accounts.models import Membership
from techbridge.engine.assignment import (
    AssignmentInputError,
    AssignmentProblem,
    Candidate,
    Conflict,
    ConflictReason,
    Handler,
    Need,
    Pair,
    solve,
)
from techbridge.institutes.models import ResearchInstitute
from techbridge.matching.index import PlatformIndex
from techbridge.matching.services import need_text
from techbridge.matching.serving import get_index
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience
from techbridge.organisations.models import Enterprise
from techbridge.people.models import ProjectManager
from techbridge.ventures.models import EquityStake

from .choices import HandlerType, RunStatus
from .models import AssignmentProposal, AssignmentRun, DeclaredConflict, NeedAssignment

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

#: Candidates per need and handler kind taken from the matching index.
CANDIDATES_PER_KIND = 25


class AssignmentError(Exception):
    """Translated message: the run cannot be made or confirmed as asked."""


def may_assign(user: User) -> bool:
    audience = NeedAudience.of(user)
    return audience.is_headquarters


def _key(handler_type: str, pk: int) -> str:
    return f"pm:{pk}" if handler_type == HandlerType.PROJECT_MANAGER else f"inst:{pk}"


def _parse(key: str) -> tuple[str, int]:
    prefix, pk = key.split(":")
    kind: str = HandlerType.PROJECT_MANAGER if prefix == "pm" else HandlerType.INSTITUTE
    return kind, int(pk)


def _open_load() -> tuple[dict[int, int], dict[int, int]]:
    """Needs each handler already holds (confirmed assignments of unfinished needs)."""
    active = NeedAssignment.objects.exclude(need__status__in=["contracted", "closed"])
    pms = dict(
        active.filter(project_manager__isnull=False)
        .values_list("project_manager")
        .annotate(n=Count("id"))
    )
    insts = dict(
        active.filter(institute__isnull=False).values_list("institute").annotate(n=Count("id"))
    )
    return pms, insts


def conflicts_for(needs: list[TechnologyNeed]) -> list[Conflict]:
    """Every forbidden need–handler pair of the batch, with its reason."""
    enterprise_ids = {n.enterprise_id for n in needs}
    competitors: dict[int, set[int]] = defaultdict(set)
    through = Enterprise.competitors.through
    for a, b in through.objects.filter(
        Q(from_enterprise_id__in=enterprise_ids) | Q(to_enterprise_id__in=enterprise_ids)
    ).values_list("from_enterprise_id", "to_enterprise_id"):
        competitors[a].add(b)
        competitors[b].add(a)
    stakes: dict[int, set[int]] = defaultdict(set)  # enterprise -> institutes holding equity
    for inst, ent in EquityStake.objects.values_list("institute_id", "enterprise_id"):
        stakes[ent].add(inst)
    pm_institute = dict(ProjectManager.objects.values_list("pk", "institute_id"))
    pm_users = dict(ProjectManager.objects.filter(user__isnull=False).values_list("pk", "user_id"))
    members: dict[int, set[int]] = defaultdict(set)  # enterprise -> its users
    for user_id, org in Membership.objects.filter(
        organisation_id__in=enterprise_ids, is_active=True
    ).values_list("user_id", "organisation_id"):
        members[org].add(user_id)
    declared = list(DeclaredConflict.objects.filter(enterprise_id__in=enterprise_ids))
    out: list[Conflict] = []
    for need in needs:
        nid, ent = str(need.pk), need.enterprise_id
        owners = stakes[ent]
        rival_owners = (
            set().union(*(stakes[c] for c in competitors[ent])) if competitors[ent] else set()
        )
        for inst in owners:
            out.append(
                Conflict(nid, _key(HandlerType.INSTITUTE, inst), ConflictReason.EQUITY_STAKE)
            )
        for inst in rival_owners - owners:
            out.append(
                Conflict(nid, _key(HandlerType.INSTITUTE, inst), ConflictReason.COMPETITOR_STAKE)
            )
        for pm, inst in pm_institute.items():
            if inst in owners:
                out.append(
                    Conflict(
                        nid, _key(HandlerType.PROJECT_MANAGER, pm), ConflictReason.EQUITY_STAKE
                    )
                )
            elif inst in rival_owners:
                out.append(
                    Conflict(
                        nid, _key(HandlerType.PROJECT_MANAGER, pm), ConflictReason.COMPETITOR_STAKE
                    )
                )
        for pm, user_id in pm_users.items():
            if user_id in members[ent]:
                out.append(
                    Conflict(
                        nid, _key(HandlerType.PROJECT_MANAGER, pm), ConflictReason.SAME_ORGANISATION
                    )
                )
        for d in declared:
            if d.enterprise_id == ent:
                handler = (
                    _key(HandlerType.PROJECT_MANAGER, d.project_manager_id)
                    if d.project_manager_id
                    else _key(HandlerType.INSTITUTE, d.institute_id or 0)
                )
                out.append(Conflict(nid, handler, ConflictReason.DECLARED, d.reason))
    return out


@dataclass(frozen=True)
class Adjustments:
    pinned: frozenset[tuple[int, str]] = frozenset()
    excluded: frozenset[tuple[int, str]] = frozenset()


@transaction.atomic
def propose(
    user: User,
    needs: Iterable[TechnologyNeed],
    *,
    handlers_per_need: int = 2,
    adjustments: Adjustments = Adjustments(),
    parent: AssignmentRun | None = None,
    index: PlatformIndex | None = None,
) -> AssignmentRun:
    """Solve one batch and store the proposal as a draft run for review."""
    if not may_assign(user):
        raise AssignmentError(_("只有总部工作人员可以分配需求。"))
    batch = list(needs)
    if not batch:
        raise AssignmentError(_("请至少选择一项需求。"))
    if not 1 <= handlers_per_need <= 5:
        raise AssignmentError(_("每项需求的处理人数须在 1 到 5 之间。"))
    audience = NeedAudience.of(user)
    for need in batch:
        if not audience.reads(need):
            raise AssignmentError(_("批次中有您无权查看全文的需求。"))
    index = index or get_index()
    if not index.status().indexed:
        raise AssignmentError(_("匹配索引尚未建立，暂时无法计算匹配质量。"))
    candidates: list[Candidate] = []
    for need in batch:
        for kind, entity in (
            (HandlerType.PROJECT_MANAGER, "project_manager"),
            (HandlerType.INSTITUTE, "institute"),
        ):
            for m in index.match_resources(
                need_text(need), [entity], k=CANDIDATES_PER_KIND, title=need.title
            ):
                candidates.append(Candidate(str(need.pk), _key(kind, int(m.entity_id)), m.score))
    held_pm, held_inst = _open_load()
    handlers = [
        Handler(
            _key(HandlerType.PROJECT_MANAGER, pk),
            max(0, cap - held_pm.get(pk, 0)),
            "project_manager",
        )
        for pk, cap in ProjectManager.objects.values_list("pk", "capacity")
    ] + [
        Handler(_key(HandlerType.INSTITUTE, pk), max(0, cap - held_inst.get(pk, 0)), "institute")
        for pk, cap in ResearchInstitute.objects.values_list("pk", "need_capacity")
    ]
    problem = AssignmentProblem(
        needs=tuple(Need(str(n.pk), handlers_per_need, f"#{n.pk}") for n in batch),
        handlers=tuple(handlers),
        candidates=tuple(candidates),
        conflicts=tuple(conflicts_for(batch)),
        pinned=tuple(Pair(str(n), h) for n, h in sorted(adjustments.pinned)),
        excluded=tuple(Pair(str(n), h) for n, h in sorted(adjustments.excluded)),
    )
    try:
        result = solve(problem)
    except AssignmentInputError as error:
        raise AssignmentError(_("无法按当前调整求解：%(error)s") % {"error": error}) from error
    run = AssignmentRun.objects.create(
        created_by_id=user.pk,
        handlers_per_need=handlers_per_need,
        objective=result.objective,
        unmet=sum(result.unmet.values()),
        diagnosis=[
            {
                "kind": str(d.kind),
                "zh": d.message("zh"),
                "en": d.message("en"),
                "shortfall": d.shortfall,
            }
            for d in result.diagnosis
        ],
        solve_seconds=result.solve_s,
        parent=parent,
    )
    run.needs.set(batch)
    proposals = []
    for a in result.assignments:
        handler_type, pk = _parse(a.handler_id)
        proposals.append(
            AssignmentProposal(
                run=run,
                need_id=int(a.need_id),
                handler_type=handler_type,
                project_manager_id=pk if handler_type == HandlerType.PROJECT_MANAGER else None,
                institute_id=pk if handler_type == HandlerType.INSTITUTE else None,
                quality=a.quality,
                pinned=a.pinned,
            )
        )
    AssignmentProposal.objects.bulk_create(proposals)
    if parent is not None:
        # A saved change (not .update()), so that the audit log records it.
        parent.status = RunStatus.SUPERSEDED
        parent.save(update_fields=["status", "updated_at"])
    return run


def revise(
    user: User,
    run: AssignmentRun,
    *,
    pinned: Iterable[tuple[int, str]] = (),
    excluded: Iterable[tuple[int, str]] = (),
    index: PlatformIndex | None = None,
) -> AssignmentRun:
    """Re-solve a draft with staff's pins and exclusions; the draft is superseded."""
    if run.status != RunStatus.DRAFT:
        raise AssignmentError(_("只能调整待确认的方案。"))
    return propose(
        user,
        run.needs.all(),
        handlers_per_need=run.handlers_per_need,
        adjustments=Adjustments(frozenset(pinned), frozenset(excluded)),
        parent=run,
        index=index,
    )


@transaction.atomic
def confirm(user: User, run: AssignmentRun) -> list[NeedAssignment]:
    if not may_assign(user):
        raise AssignmentError(_("只有总部工作人员可以分配需求。"))
    run = AssignmentRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise AssignmentError(_("该方案已确认或已被取代。"))
    made = NeedAssignment.objects.bulk_create(
        NeedAssignment(
            need_id=p.need_id,
            project_manager_id=p.project_manager_id,
            institute_id=p.institute_id,
            run=run,
            assigned_by_id=user.pk,
        )
        for p in run.proposals.all()
    )
    run.status = RunStatus.CONFIRMED
    run.save(update_fields=["status", "updated_at"])
    return made
