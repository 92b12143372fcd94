"""Technology chains: gap analysis, engine suggestions and staff decisions on mappings.

Gap figures count only confirmed mappings. Needs are counted through
:meth:`NeedAudience.countable` and listed as evidence only when the user may see them, so a
chain page never tells a user about a need they may not see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.cooperation.models import CooperationContract
from techbridge.core.permissions import is_network_staff
from techbridge.institutes.models import ResearchInstitute
from techbridge.matching.serving import get_index
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience
from techbridge.organisations.choices import OrganisationKind
from techbridge.organisations.models import OverseasPartner
from techbridge.people.models import Expert
from techbridge.ventures.models import SpinOff

from .choices import Coverage, MappingSource, RecordType
from .models import ChainLink, IndustryChain, KeyTechnology, TechnologyMapping

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from techbridge.matching.index import PlatformIndex

    User = AbstractBaseUser | AnonymousUser

HOME_COUNTRY = "CN"
#: Record types the engine can suggest (the matching index's resource types).
SUGGESTED_TYPES = (
    RecordType.INSTITUTE,
    RecordType.EXPERT,
    RecordType.ACHIEVEMENT,
    RecordType.PARTNER,
)


class ChainError(Exception):
    """Translated message for a request the chain pages cannot serve."""


@dataclass
class EvidenceRecord:
    """One record behind a figure, as a page lists it."""

    record_type: str
    record_id: int
    name: str
    detail: str = ""
    url: str = ""
    foreign: bool = False

    @property
    def type_label(self) -> str:
        return str(RecordType(self.record_type).label)


@dataclass
class TechnologyGap:
    """Demand and supply of one key technology."""

    technology: KeyTechnology
    demand_count: int = 0
    demand_budget_cny: Decimal = Decimal(0)
    institutes: int = 0
    experts: int = 0
    achievements: int = 0
    contracts: int = 0
    partners: int = 0
    spinoffs: int = 0
    domestic_supply: int = 0
    institute_ids: set[int] = field(default_factory=set)
    evidence: list[EvidenceRecord] = field(default_factory=list)

    @property
    def link(self) -> ChainLink:
        return self.technology.link

    @property
    def supply_count(self) -> int:
        return self.institutes + self.experts + self.achievements + self.contracts + self.partners

    @property
    def demand_without_supply(self) -> bool:
        return self.demand_count > 0 and self.supply_count == 0

    @property
    def foreign_only_supply(self) -> bool:
        return self.supply_count > 0 and self.domestic_supply == 0

    @property
    def single_institute(self) -> bool:
        return len(self.institute_ids) == 1

    @property
    def flags(self) -> list[str]:
        names = ("demand_without_supply", "foreign_only_supply", "single_institute")
        return [name for name in names if getattr(self, name)]

    @property
    def coverage(self) -> str:
        if self.demand_without_supply:
            return Coverage.GAP
        if self.foreign_only_supply or self.single_institute:
            return Coverage.FRAGILE
        if self.supply_count:
            return Coverage.COVERED
        return Coverage.IDLE

    def flag_labels(self) -> list[str]:
        return [str(FLAG_LABELS[name]) for name in self.flags]


FLAG_LABELS = {
    "demand_without_supply": _("有需求无供给"),
    "foreign_only_supply": _("仅有海外供给"),
    "single_institute": _("依赖单一研究所"),
}


@dataclass
class LinkGap:
    """A link's key technologies; a link depending on one institute is flagged too."""

    link: ChainLink
    technologies: list[TechnologyGap]

    @property
    def institute_ids(self) -> set[int]:
        return set().union(*(t.institute_ids for t in self.technologies))

    @property
    def single_institute(self) -> bool:
        return len(self.institute_ids) == 1

    @property
    def coverage(self) -> str:
        order = [Coverage.GAP, Coverage.FRAGILE, Coverage.COVERED, Coverage.IDLE]
        found = {t.coverage for t in self.technologies}
        if self.single_institute:
            found.add(Coverage.FRAGILE)
        return next((c for c in order if c in found), Coverage.IDLE)


@dataclass
class ChainGapReport:
    chain: IndustryChain
    year: int | None
    links: list[LinkGap]

    @property
    def technologies(self) -> list[TechnologyGap]:
        return [t for link in self.links for t in link.technologies]

    def ranked(self) -> list[TechnologyGap]:
        """Gaps first, then fragile supply, then by the money and number of needs at stake."""
        return sorted(
            self.technologies,
            key=lambda t: (
                not t.demand_without_supply,
                not (t.foreign_only_supply or t.single_institute),
                -t.demand_budget_cny,
                -t.demand_count,
                t.link.order,
                t.technology.order,
            ),
        )


def _lang() -> str:
    return "en" if translation.get_language() == "en" else "zh"


def gap_analysis(
    chain: IndustryChain,
    user: User,
    year: int | None = None,
    technologies: list[KeyTechnology] | None = None,
) -> ChainGapReport:
    """Demand and supply per key technology of ``chain`` as ``user`` may know them."""
    links = list(chain.links.order_by("order"))
    techs = technologies
    if techs is None:
        techs = list(
            KeyTechnology.objects.filter(link__chain=chain)
            .select_related("link", "technology_field")
            .order_by("link__order", "order")
        )
    gaps = {t.pk: TechnologyGap(t) for t in techs}
    by_type: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for tech_id, record_type, record_id in TechnologyMapping.objects.filter(
        key_technology__in=list(gaps), source=MappingSource.CONFIRMED
    ).values_list("key_technology_id", "record_type", "record_id"):
        by_type[record_type][record_id].append(tech_id)

    staff = is_network_staff(user)
    _count_needs(gaps, by_type[RecordType.NEED], user, year)
    _count_institutes(gaps, by_type[RecordType.INSTITUTE], year)
    _count_experts(gaps, by_type[RecordType.EXPERT])
    _count_achievements(gaps, by_type[RecordType.ACHIEVEMENT], year)
    _count_contracts(gaps, by_type[RecordType.CONTRACT], year, staff)
    _count_partners(gaps, by_type[RecordType.PARTNER])
    _count_spinoffs(gaps, by_type[RecordType.SPINOFF], year)

    per_link: dict[int, list[TechnologyGap]] = defaultdict(list)
    for gap in gaps.values():
        per_link[gap.technology.link_id].append(gap)
    if technologies is not None:
        links = [link for link in links if link.pk in per_link]
    return ChainGapReport(chain, year, [LinkGap(link, per_link.get(link.pk, [])) for link in links])


def _count_needs(
    gaps: dict[int, TechnologyGap], mapped: dict[int, list[int]], user: User, year: int | None
) -> None:
    if not mapped:
        return
    audience = NeedAudience.of(user)
    needs = TechnologyNeed.objects.filter(pk__in=list(mapped))
    if year is not None:
        needs = needs.filter(submitted_on__year=year)
    for pk, budget in audience.countable(needs).values_list("pk", "budget_max_cny"):
        for tech_id in mapped[pk]:
            gaps[tech_id].demand_count += 1
            gaps[tech_id].demand_budget_cny += budget
    visible = needs.visible_to(user)
    full = set(audience.read_in_full(visible).values_list("pk", flat=True))
    for need in visible.order_by("-budget_max_cny", "pk"):
        name = need.title if need.pk in full else (need.public_summary or _("（摘要未公开）"))
        for tech_id in mapped[need.pk]:
            gaps[tech_id].evidence.append(
                EvidenceRecord(
                    RecordType.NEED,
                    need.pk,
                    name,
                    detail=f"¥{need.budget_max_cny:,.0f} · {need.submitted_on:%Y-%m-%d}",
                    url=reverse("needs:detail", args=[need.pk]),
                )
            )


def _count_institutes(
    gaps: dict[int, TechnologyGap], mapped: dict[int, list[int]], year: int | None
) -> None:
    institutes = ResearchInstitute.objects.filter(pk__in=list(mapped))
    if year is not None:
        institutes = institutes.filter(joined_on__year__lte=year)
    for inst in institutes:
        foreign = inst.country != HOME_COUNTRY
        for tech_id in mapped[inst.pk]:
            gap = gaps[tech_id]
            gap.institutes += 1
            gap.domestic_supply += not foreign
            gap.institute_ids.add(inst.pk)
            gap.evidence.append(
                EvidenceRecord(RecordType.INSTITUTE, inst.pk, inst.name, inst.city, foreign=foreign)
            )


def _count_experts(gaps: dict[int, TechnologyGap], mapped: dict[int, list[int]]) -> None:
    for expert in Expert.objects.filter(pk__in=list(mapped)).select_related("organisation"):
        foreign = expert.country != HOME_COUNTRY
        org = expert.organisation
        for tech_id in mapped[expert.pk]:
            gap = gaps[tech_id]
            gap.experts += 1
            gap.domestic_supply += not foreign
            if org is not None and org.kind == OrganisationKind.INSTITUTE:
                gap.institute_ids.add(org.pk)
            gap.evidence.append(
                EvidenceRecord(
                    RecordType.EXPERT, expert.pk, expert.name, str(org or ""), foreign=foreign
                )
            )


def _count_achievements(
    gaps: dict[int, TechnologyGap], mapped: dict[int, list[int]], year: int | None
) -> None:
    achievements = TechnologicalAchievement.objects.filter(pk__in=list(mapped))
    if year is not None:
        achievements = achievements.filter(created_on__year__lte=year)
    for a in achievements.select_related("owner"):
        foreign = a.owner.country != HOME_COUNTRY
        for tech_id in mapped[a.pk]:
            gap = gaps[tech_id]
            gap.achievements += 1
            gap.domestic_supply += not foreign
            if a.owner.kind == OrganisationKind.INSTITUTE:
                gap.institute_ids.add(a.owner_id)
            gap.evidence.append(
                EvidenceRecord(RecordType.ACHIEVEMENT, a.pk, a.title, str(a.owner), foreign=foreign)
            )


def _count_contracts(
    gaps: dict[int, TechnologyGap], mapped: dict[int, list[int]], year: int | None, staff: bool
) -> None:
    contracts = CooperationContract.objects.filter(pk__in=list(mapped))
    if year is not None:
        contracts = contracts.filter(signed_on__year=year)
    for c in contracts.select_related("contractor"):
        for tech_id in mapped[c.pk]:
            gap = gaps[tech_id]
            gap.contracts += 1
            gap.domestic_supply += 1
            gap.institute_ids.add(c.contractor_id)
            # Contracts are a staff register: others see the count only.
            if staff:
                gap.evidence.append(
                    EvidenceRecord(
                        RecordType.CONTRACT,
                        c.pk,
                        c.title,
                        f"{c.contractor} · ¥{c.value_cny:,.0f}",
                        url=reverse("cooperation:contract", args=[c.pk]),
                    )
                )


def _count_partners(gaps: dict[int, TechnologyGap], mapped: dict[int, list[int]]) -> None:
    for p in OverseasPartner.objects.filter(pk__in=list(mapped)):
        for tech_id in mapped[p.pk]:
            gap = gaps[tech_id]
            gap.partners += 1
            gap.evidence.append(
                EvidenceRecord(RecordType.PARTNER, p.pk, p.name, p.country, foreign=True)
            )


def _count_spinoffs(
    gaps: dict[int, TechnologyGap], mapped: dict[int, list[int]], year: int | None
) -> None:
    spinoffs = SpinOff.objects.filter(pk__in=list(mapped))
    if year is not None:
        spinoffs = spinoffs.filter(founded_on__year__lte=year)
    for s in spinoffs.select_related("institute"):
        for tech_id in mapped[s.pk]:
            gaps[tech_id].spinoffs += 1
            gaps[tech_id].evidence.append(
                EvidenceRecord(RecordType.SPINOFF, s.pk, s.name, str(s.institute))
            )


def technology_gap(technology: KeyTechnology, user: User, year: int | None = None) -> TechnologyGap:
    """The figures and evidence of one key technology (the drill-down page)."""
    report = gap_analysis(technology.link.chain, user, year, technologies=[technology])
    return report.technologies[0]


# -- engine suggestions and staff decisions -----------------------------------------------


def technology_text(technology: KeyTechnology) -> str:
    """The text the engine matches a key technology by, in both languages."""
    parts = [
        technology.name_zh,
        technology.name_en,
        technology.description_zh,
        technology.description_en,
        technology.link.name_zh,
        technology.link.name_en,
    ]
    return "\n".join(p for p in parts if p)


def suggest_mappings(
    technology: KeyTechnology, index: PlatformIndex | None = None, k: int = 10
) -> list[TechnologyMapping]:
    """Ask the matching index for institutes, experts, achievements and partners.

    New matches are stored as suggestions with the engine's explanation; a record staff have
    already confirmed or rejected keeps their decision.
    """

    index = index or get_index()
    matches = index.match_resources(technology_text(technology), SUGGESTED_TYPES, k=k)
    lang = _lang()
    stored: list[TechnologyMapping] = []
    with transaction.atomic():
        decided = {
            (rt, rid)
            for rt, rid in technology.mappings.exclude(source=MappingSource.SUGGESTED).values_list(
                "record_type", "record_id"
            )
        }
        for match in matches:
            key = (match.entity_type, int(match.entity_id))
            if match.entity_type not in RecordType.values or key in decided:
                continue
            mapping, _created = TechnologyMapping.objects.update_or_create(
                key_technology=technology,
                record_type=key[0],
                record_id=key[1],
                defaults={
                    "source": MappingSource.SUGGESTED,
                    "score": float(match.score),
                    "explanation": match.reason(lang),
                },
            )
            stored.append(mapping)
    return stored


def record_labels(mappings: list[TechnologyMapping]) -> dict[tuple[str, int], str]:
    """Names of the suggested records (institutes, experts, achievements, partners)."""
    ids: dict[str, list[int]] = defaultdict(list)
    for m in mappings:
        ids[m.record_type].append(m.record_id)
    labels: dict[tuple[str, int], str] = {}
    for inst in ResearchInstitute.objects.filter(pk__in=ids[RecordType.INSTITUTE]):
        labels[(RecordType.INSTITUTE, inst.pk)] = inst.name
    for e in Expert.objects.filter(pk__in=ids[RecordType.EXPERT]).select_related("organisation"):
        labels[(RecordType.EXPERT, e.pk)] = f"{e.name} · {e.organisation}"
    achievements = TechnologicalAchievement.objects.filter(pk__in=ids[RecordType.ACHIEVEMENT])
    for a in achievements.select_related("owner"):
        labels[(RecordType.ACHIEVEMENT, a.pk)] = f"{a.title} · {a.owner}"
    for p in OverseasPartner.objects.filter(pk__in=ids[RecordType.PARTNER]):
        labels[(RecordType.PARTNER, p.pk)] = f"{p.name} · {p.country}"
    return labels


def decide_mapping(user: User, mapping: TechnologyMapping, source: str) -> TechnologyMapping:
    """Staff confirm or reject a mapping (an engine suggestion or an earlier decision)."""
    if not is_network_staff(user):
        raise ChainError(_("只有网络工作人员可以确认或驳回映射。"))
    if source not in (MappingSource.CONFIRMED, MappingSource.REJECTED):
        raise ChainError(_("无效的操作。"))
    with transaction.atomic():
        mapping = TechnologyMapping.objects.select_for_update().get(pk=mapping.pk)
        mapping.source = source
        mapping.confirmed_by = user if user.is_authenticated else None  # type: ignore[assignment]
        mapping.save(update_fields=["source", "confirmed_by", "updated_at"])
    return mapping


def visible_mappings(user: User) -> QuerySet[TechnologyMapping]:
    """Mappings ``user`` may read: needs only when visible, contracts only for staff."""
    qs = TechnologyMapping.objects.all()
    hidden = Q(record_type=RecordType.NEED) & ~Q(
        record_id__in=TechnologyNeed.objects.visible_to(user).values("pk")
    )
    if not is_network_staff(user):
        hidden |= Q(record_type=RecordType.CONTRACT)
    return qs.exclude(hidden)
