"""Each person's own work, for their home page: what an enterprise, an institute, an expert
and a case owner have to follow up, drawn only from what they may see.

- enterprise users: their enterprise's needs and where each stands, the introductions made
  on them, their contracts with the next milestone;
- institute staff: cases introduced to the institute, milestones of its contracts due in
  the next 30 days or overdue, its contracts, and the needs that fit it;
- experts: the introductions made to them and the needs that fit them;
- project managers: the needs assigned to them (those without a case yet first: the
  introductions still to make) and the cases they own;
- case owners (headquarters staff, project managers): their open cases, stalled ones first.

Every list goes through the visibility rules of its records (``needs.visibility``,
``cooperation.visibility``); need titles through the reader's projection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from techbridge.cooperation.choices import CaseStage
from techbridge.cooperation.models import ContractMilestone, CooperationCase
from techbridge.cooperation.services import visible_cases
from techbridge.cooperation.visibility import (
    introductions_to,
    may_answer_introduction,
    visible_contracts,
)
from techbridge.institutes.models import ResearchInstitute
from techbridge.needs.choices import NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.projection import NeedProjection
from techbridge.needs.visibility import NeedAudience, visible_needs_for
from techbridge.notifications.models import Notification
from techbridge.people.models import Expert, ProjectManager

#: How many rows each list of the workspace shows (each links to the whole list).
ROWS = 8
BROKERING = (CaseStage.INTRODUCED, CaseStage.IN_CONTACT, CaseStage.NEGOTIATING)
#: Milestones due within this many days are listed.
DUE_WITHIN = dt.timedelta(days=30)
CLOSED_STAGES = (CaseStage.ACCEPTED, CaseStage.LOST)


@dataclass
class CaseRow:
    case: CooperationCase
    need: NeedProjection
    stalled: bool
    #: Whether the reader may open the case's page (those who read its need in full).
    opens: bool = True
    #: Whether the reader answers this introduction (``may_answer_introduction``).
    answers: bool = False


@dataclass
class Workspace:
    """What the home page shows a person; a section is empty when the person has no such role."""

    notifications: list[Notification] = field(default_factory=list)
    unread: int = 0
    needs: list[tuple[NeedProjection, int]] = field(default_factory=list)
    needs_by_status: list[tuple[Any, int]] = field(default_factory=list)
    introductions: list[CaseRow] = field(default_factory=list)
    enterprise_contracts: list[tuple[Any, ContractMilestone | None]] = field(default_factory=list)
    institutes: list[ResearchInstitute] = field(default_factory=list)
    institute_cases: list[CaseRow] = field(default_factory=list)
    milestones_due: list[ContractMilestone] = field(default_factory=list)
    institute_contracts: list[Any] = field(default_factory=list)
    experts: list[Expert] = field(default_factory=list)
    expert_cases: list[CaseRow] = field(default_factory=list)
    owned_cases: list[CaseRow] = field(default_factory=list)
    #: The needs assigned to the person as project manager, each with its open cases.
    assigned_needs: list[tuple[NeedProjection, int]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)

    @property
    def is_enterprise(self) -> bool:
        return "enterprise" in self.roles

    @property
    def is_institute(self) -> bool:
        return "institute" in self.roles

    @property
    def is_expert(self) -> bool:
        return "expert" in self.roles

    @property
    def is_project_manager(self) -> bool:
        return "project_manager" in self.roles

    @property
    def stalled_cases(self) -> int:
        return sum(1 for row in self.owned_cases if row.stalled)

    @property
    def needs_without_case(self) -> int:
        return sum(1 for _need, cases in self.assigned_needs if not cases)


def _case_rows(cases: Any, audience: NeedAudience, now: dt.datetime) -> list[CaseRow]:
    rows = list(cases.select_related("need", "need__enterprise", "need__jic", "institute")[:ROWS])
    projections = NeedProjection.many([c.need for c in rows], audience)
    # A case still being brokered that has not moved for this long is stalled (its owner is
    # reminded then: ``notifications.services``).
    stalled_after = dt.timedelta(days=settings.CASE_STALLED_DAYS)
    return [
        CaseRow(
            case=c,
            need=p,
            stalled=c.stage in BROKERING and now - c.stage_since > stalled_after,
            opens=p.full,
        )
        for c, p in zip(rows, projections, strict=True)
    ]


def _next_milestones(contracts: list[Any]) -> list[tuple[Any, ContractMilestone | None]]:
    pending: dict[int, ContractMilestone] = {}
    for m in ContractMilestone.objects.filter(
        contract__in=contracts, accepted_on__isnull=True
    ).order_by("-due_on"):
        pending[m.contract_id] = m  # the earliest due wins (ordered latest first)
    return [(c, pending.get(c.pk)) for c in contracts]


def _answerable(user: Any, rows: list[CaseRow]) -> list[CaseRow]:
    for row in rows:
        row.answers = row.case.answer == "pending" and may_answer_introduction(user, row.case)
    return rows


def workspace_for(user: Any) -> Workspace:
    audience = NeedAudience.of(user)
    now = timezone.now()
    today = timezone.localdate()
    space = Workspace()
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    space.unread = unread.count()
    space.notifications = list(unread.order_by("-created_at")[:5])
    cases = visible_cases(user)

    enterprises = audience.enterprise_organisation_ids
    if enterprises:
        space.roles.add("enterprise")
        own = visible_needs_for(TechnologyNeed.objects.all(), audience).filter(
            enterprise_id__in=enterprises
        )
        needs = list(
            own.annotate(introductions=Count("cases", distinct=True))
            .select_related("enterprise", "technology_field", "jic")
            .order_by("-submitted_on", "-id")[:ROWS]
        )
        projections = NeedProjection.many(needs, audience)
        space.needs = [(p, n.introductions) for n, p in zip(needs, projections, strict=True)]
        counts = dict(own.values_list("status").annotate(n=Count("pk")).order_by())
        space.needs_by_status = [
            (label, counts[value]) for value, label in NeedStatus.choices if counts.get(value)
        ]
        space.introductions = _case_rows(
            cases.filter(need__enterprise_id__in=enterprises).order_by("-stage_since"),
            audience,
            now,
        )
        contracts: list[Any] = list(
            visible_contracts(user)
            .filter(client_id__in=enterprises)
            .select_related("contractor")
            .order_by("-signed_on")[:ROWS]
        )
        space.enterprise_contracts = _next_milestones(contracts)

    institutes = audience.institute_organisation_ids
    if institutes:
        space.roles.add("institute")
        space.institutes = list(ResearchInstitute.objects.filter(pk__in=institutes))
        space.institute_cases = _answerable(
            user,
            _case_rows(
                introductions_to(user)
                .filter(institute_id__in=institutes)
                .exclude(stage__in=CLOSED_STAGES)
                .order_by("stage_since"),
                audience,
                now,
            ),
        )
        space.milestones_due = list(
            ContractMilestone.objects.filter(
                contract__contractor_id__in=institutes,
                accepted_on__isnull=True,
                due_on__lte=today + DUE_WITHIN,
            )
            .select_related("contract", "contract__client")
            .order_by("due_on")[:ROWS]
        )
        space.institute_contracts = list(
            visible_contracts(user)
            .filter(contractor_id__in=institutes)
            .select_related("client")
            .order_by("-signed_on")[:ROWS]
        )

    space.experts = list(Expert.objects.filter(user_id=user.pk))
    if space.experts:
        space.roles.add("expert")
        mine = [str(e.pk) for e in space.experts]
        space.expert_cases = _answerable(
            user,
            _case_rows(
                introductions_to(user)
                .filter(resource_type="expert", resource_id__in=mine)
                .order_by("-stage_since"),
                audience,
                now,
            ),
        )

    if ProjectManager.objects.filter(user_id=user.pk).exists():
        space.roles.add("project_manager")
        assigned = visible_needs_for(TechnologyNeed.objects.all(), audience).filter(
            assignments__project_manager__user_id=user.pk
        )
        handled: list[Any] = list(
            assigned.exclude(status__in=(NeedStatus.CONTRACTED, NeedStatus.CLOSED))
            .annotate(
                open_cases=Count("cases", filter=~Q(cases__stage__in=CLOSED_STAGES), distinct=True)
            )
            .select_related("enterprise", "technology_field", "jic")
            .order_by("submitted_on", "id")[:ROWS]
        )
        projections = NeedProjection.many(handled, audience)
        rows = [(p, n.open_cases) for n, p in zip(handled, projections, strict=True)]
        # Needs still waiting for an introduction first.
        space.assigned_needs = sorted(rows, key=lambda row: row[1] > 0)

    space.owned_cases = owned_cases(user)
    return space


def owned_cases(user: Any) -> list[CaseRow]:
    """The open cases a person owns (headquarters staff, project managers), the longest
    unmoved first."""
    cases = (
        visible_cases(user)
        .exclude(stage__in=CLOSED_STAGES)
        .filter(owner_id=user.pk)
        .order_by("stage_since")
    )
    return _case_rows(cases, NeedAudience.of(user), timezone.now())


def triage_queue(user: Any) -> tuple[int, list[NeedProjection]]:
    """Needs waiting for headquarters' triage (submitted, not yet opened), oldest first."""
    audience = NeedAudience.of(user)
    waiting = visible_needs_for(TechnologyNeed.objects.all(), audience).filter(
        status=NeedStatus.SUBMITTED
    )
    rows = list(
        waiting.select_related("enterprise", "technology_field", "jic").order_by(
            "submitted_on", "id"
        )[:ROWS]
    )
    return waiting.count(), NeedProjection.many(rows, audience)
