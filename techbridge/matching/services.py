"""Matching in the platform: a need's ranked resources, decisions on them, and the reverse view.

Match lists are built only for readers of the need's full text (they are computed from it);
the reverse view lists only needs the viewer may see, through the visibility rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.cooperation.services import open_case
from techbridge.engine.calibration import default_calibration
from techbridge.institutes.models import ResearchInstitute
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.services import can_broker
from techbridge.organisations.models import OverseasPartner
from techbridge.people.models import Expert, ProfileDocument

from .choices import DecisionAction, ResourceType
from .index import PlatformIndex
from .models import MatchDecision
from .serving import get_index
from .sources import need_document

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

#: How much one decision on other needs moves an entity (see ``feedback_prior``).
FEEDBACK_WEIGHTS: dict[str, float] = {
    DecisionAction.CONTRACTED: 1.0,
    DecisionAction.INTRODUCED: 0.5,
    DecisionAction.SHORTLISTED: 0.25,
    DecisionAction.DISMISSED: -0.5,
}
FEEDBACK_STRENGTH = 0.15


class MatchingError(Exception):
    """Translated message for a request the matching pages cannot serve."""


@dataclass(frozen=True)
class Filters:
    region: str = ""
    country: str = ""
    institute: int | None = None


@dataclass
class MatchView:
    """One ranked resource as a page shows it."""

    resource_type: str
    resource_id: str
    name: str
    detail: str
    region: str
    country: str
    institute_id: int | None
    score: float
    engine_score: float
    reason: str
    evidence: list[tuple[str, str, float]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    #: Cross-language pairs (need's word, evidence word) when the match shares no term.
    pairs: list[tuple[str, str]] = field(default_factory=list)
    decision: str = ""
    # The ranking score as a person reads it, 0-100 (see fit()).
    fit: int = 0

    @property
    def decision_label(self) -> str:
        """The decision in the reader's language (``decision`` is its code)."""
        return str(DecisionAction(self.decision).label) if self.decision else ""


#: What a match shows of an expert and their organisation (the rest of the rows is not read).
EXPERT_FIELDS = ("name_zh", "name_en", "title", "country", "organisation")
ORGANISATION_FIELDS = ("name_zh", "name_en", "region", "country", "kind")


def _entity_details(matches: list[Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Names and places of the matched records, in four queries at most."""
    ids: dict[str, list[int]] = defaultdict(list)
    for m in matches:
        ids[m.entity_type].append(int(m.entity_id))
    out: dict[tuple[str, str], dict[str, Any]] = {}
    experts = (
        Expert.objects.filter(pk__in=ids["expert"])
        .select_related("organisation")
        .only(*EXPERT_FIELDS, *(f"organisation__{f}" for f in ORGANISATION_FIELDS))
    )
    for e in experts:
        org = e.organisation
        out[("expert", str(e.pk))] = {
            "name": e.name,
            "detail": f"{e.get_title_display()} · {org}",
            "region": org.region,
            "country": e.country,
            "institute_id": org.pk if org.kind == "institute" else None,
        }
    for i in ResearchInstitute.objects.filter(pk__in=ids["institute"]):
        out[("institute", str(i.pk))] = {
            "name": i.name,
            "detail": i.technical_focus_en
            if translation.get_language() == "en"
            else i.technical_focus_zh,
            "region": i.region,
            "country": i.country,
            "institute_id": i.pk,
        }
    for a in TechnologicalAchievement.objects.filter(pk__in=ids["achievement"]).select_related(
        "owner"
    ):
        out[("achievement", str(a.pk))] = {
            "name": a.title,
            "detail": f"{a.get_kind_display()} · TRL {a.readiness} · {a.owner}",
            "region": a.owner.region,
            "country": a.owner.country,
            "institute_id": a.owner_id if a.owner.kind == "institute" else None,
        }
    for p in OverseasPartner.objects.filter(pk__in=ids["partner"]):
        out[("partner", str(p.pk))] = {
            "name": p.name,
            "detail": p.parent_name,
            "region": p.region,
            "country": p.country,
            "institute_id": None,
        }
    return out


def feedback_prior(
    resource_type: str, resource_ids: Iterable[str], exclude_need: int
) -> dict[str, float]:
    """Each resource's record on other needs, in [-1, 1]: contracted and introduced lift it,
    dismissals lower it; two pseudo-decisions of weight 0 keep a single decision modest."""
    rows = (
        MatchDecision.objects.filter(
            resource_type=resource_type, resource_id__in=list(resource_ids)
        )
        .exclude(need_id=exclude_need)
        .values("resource_id", "action")
        .annotate(n=Count("id"))
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["resource_id"]][row["action"]] = row["n"]
    return prior_from_counts(counts)


def prior_from_counts(counts: dict[str, dict[str, int]]) -> dict[str, float]:
    """``{resource: {action: n}}`` → the prior in [-1, 1] that scales a resource's score."""
    out = {}
    for rid, actions in counts.items():
        total = sum(FEEDBACK_WEIGHTS[a] * n for a, n in actions.items())
        out[rid] = max(-1.0, min(1.0, total / (sum(actions.values()) + 2)))
    return out


def with_feedback(score: float, prior: float) -> float:
    """A match's ranking score: the engine's score, lifted or lowered by feedback."""
    return score * (1 + FEEDBACK_STRENGTH * prior)


def fit(score: float) -> int:
    """A score as a person reads it, 0-100: how often a pair scored so is rated expert-level
    (the engine's calibration); feedback moves it as it moves the ranking."""
    return default_calibration().percent(score)


def need_text(need: TechnologyNeed) -> str:
    return need_document(need).full_text


def matches_for_need(
    user: User,
    need: TechnologyNeed,
    resource_type: str,
    filters: Filters = Filters(),
    k: int = 10,
    index: PlatformIndex | None = None,
) -> tuple[list[MatchView], list[MatchView]]:
    """Ranked matches of one type and the ones dismissed for this need, for a full-text reader."""
    if resource_type not in ResourceType.values:
        raise MatchingError(_("未知的资源类型。"))
    if not can_broker(user, need):
        raise MatchingError(_("只有总部、联合创新中心经理和负责该需求的项目经理才能查看匹配结果。"))
    index = index or get_index()
    raw = index.match_resources(
        need_text(need), [resource_type], k=max(k * 3, 60), title=need.title
    )
    details = _entity_details(raw)
    decisions = {
        d.resource_id: d.action
        for d in MatchDecision.objects.filter(need=need, resource_type=resource_type).order_by(
            "created_at", "id"
        )
    }
    prior = feedback_prior(resource_type, [m.entity_id for m in raw], need.pk)
    lang = "en" if translation.get_language() == "en" else "zh"
    views: list[MatchView] = []
    for m in raw:
        info = details.get((m.entity_type, m.entity_id))
        if info is None:  # the record was deleted since it was indexed
            continue
        if filters.region and info["region"] != filters.region:
            continue
        if filters.country and info["country"] != filters.country:
            continue
        if filters.institute and info["institute_id"] != filters.institute:
            continue
        lean = prior.get(m.entity_id, 0.0)
        ranking = with_feedback(m.score, lean)
        read_at = m.score if m.fit_score is None else m.fit_score
        views.append(
            MatchView(
                resource_type=m.entity_type,
                resource_id=m.entity_id,
                name=info["name"],
                detail=info["detail"],
                region=info["region"],
                country=info["country"],
                institute_id=info["institute_id"],
                score=ranking,
                engine_score=m.score,
                reason=m.reason(lang),
                evidence=[(e.title, e.kind, e.score) for e in m.evidence],
                terms=list(m.terms_zh + m.terms_en),
                pairs=list(m.term_pairs),
                decision=decisions.get(m.entity_id, ""),
                fit=fit(with_feedback(read_at, lean)),
            )
        )
    views.sort(key=lambda v: -v.score)
    kept = [v for v in views if v.decision != DecisionAction.DISMISSED][:k]
    dismissed = [v for v in views if v.decision == DecisionAction.DISMISSED]
    return kept, dismissed


@transaction.atomic
def record_decision(
    user: User,
    need: TechnologyNeed,
    resource_type: str,
    resource_id: str,
    action: str,
    reason: str = "",
    score: float | None = None,
) -> MatchDecision:
    """Shortlist, dismiss (with a reason) or introduce: stored as feedback. An introduction
    opens the cooperation case. "Contracted" comes from the contract step alone."""
    if action not in DecisionAction.values or resource_type not in ResourceType.values:
        raise MatchingError(_("无效的操作。"))
    if action == DecisionAction.CONTRACTED:
        raise MatchingError(_("签约在登记合同时记录，不能作为匹配决定提交。"))
    if not can_broker(user, need):
        raise MatchingError(_("只有总部、联合创新中心经理和负责该需求的项目经理才能处理匹配结果。"))
    if action == DecisionAction.DISMISSED and not reason.strip():
        raise MatchingError(_("排除时请说明理由。"))
    decision = MatchDecision.objects.create(
        need=need,
        resource_type=resource_type,
        resource_id=resource_id,
        action=action,
        reason=reason.strip(),
        score=score,
        actor_id=user.pk,
    )
    if action == DecisionAction.INTRODUCED:
        # An introduction starts the cooperation pipeline for this pair.
        open_case(user, need, resource_type, resource_id)
    return decision


def profile_text(resource_type: str, resource_id: int) -> str:
    """The text that stands for a resource when looking for needs it fits."""
    if resource_type == "expert":
        docs = ProfileDocument.objects.filter(expert_id=resource_id).order_by("-year")[:12]
        return "\n".join(f"{d.title}. {d.abstract[:200]}" for d in docs)
    if resource_type == "institute":
        inst = ResearchInstitute.objects.get(pk=resource_id)
        titles = ProfileDocument.objects.filter(expert__organisation_id=resource_id).order_by(
            "-year"
        )[:20]
        return "\n".join(
            [inst.technical_focus_zh, inst.technical_focus_en, *(d.title for d in titles)]
        )
    raise MatchingError(_("未知的资源类型。"))


def needs_for_resource(
    user: User,
    resource_type: str,
    resource_id: int,
    k: int = 20,
    index: PlatformIndex | None = None,
) -> list[tuple[TechnologyNeed, float]]:
    """Open needs a resource fits, among those the viewer may see (never any other)."""
    index = index or get_index()
    hits = index.match_needs(profile_text(resource_type, resource_id), k=max(k * 5, 100))
    ranked = {int(m.entity_id): m.score for m in hits}
    visible = (
        TechnologyNeed.objects.visible_to(user)
        .filter(pk__in=ranked, status__in=["submitted", "open", "matched", "parked"])
        .select_related("technology_field", "enterprise", "jic")
        .prefetch_related("named_viewers")
    )
    return sorted(((n, ranked[n.pk]) for n in visible), key=lambda pair: -pair[1])[:k]


def near_duplicates(
    user: User, need: TechnologyNeed, k: int = 5, index: PlatformIndex | None = None
) -> list[tuple[TechnologyNeed, float]]:
    """Needs that read like this one (for triage), among those the user may see."""
    index = index or get_index()
    hits = index.match_needs(need_text(need), k=k * 5, exclude=[f"need:{need.pk}"])
    ranked = {int(m.entity_id): m.score for m in hits}
    visible = TechnologyNeed.objects.visible_to(user).filter(pk__in=ranked)
    return sorted(((n, ranked[n.pk]) for n in visible), key=lambda pair: -pair[1])[:k]
