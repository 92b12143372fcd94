"""One keyword search across the platform's records, each kind under its own rule of who may
see what: needs through the needs rule (a word of a hidden text never finds its need),
cases and contracts for their parties, and the network's resources (experts, institutes,
achievements, overseas partners) for network staff, as their pages are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.cooperation.services import visible_cases
from techbridge.cooperation.visibility import visible_contracts
from techbridge.core.permissions import is_network_staff
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.projection import NeedProjection
from techbridge.needs.visibility import NeedAudience, search_needs, visible_needs_for
from techbridge.organisations.models import OverseasPartner
from techbridge.people.models import Expert
from techbridge.reports.institutes import institutes_of

#: Results shown per kind (each kind links to its full list where there is one).
LIMIT = 10
#: The longest query searched.
MAX_QUERY = 100


@dataclass
class Section:
    key: str
    items: list[Any] = field(default_factory=list)
    total: int = 0


@dataclass
class SearchResults:
    query: str
    sections: dict[str, Section] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections.values())


def _section(key: str, queryset: Any) -> Section:
    return Section(key, list(queryset[:LIMIT]), queryset.count())


def _name_q(query: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}name_zh__icontains": query}) | Q(**{f"{prefix}name_en__icontains": query})


def search_everything(user: Any, query: str) -> SearchResults:
    query = " ".join(query.split())[:MAX_QUERY]
    results = SearchResults(query)
    if len(query) < 2 and not any("\u4e00" <= ch <= "\u9fff" for ch in query):
        return results  # one Latin letter matches everything: not a search
    audience = NeedAudience.of(user)
    needs = (
        search_needs(visible_needs_for(TechnologyNeed.objects.all(), audience), audience, query)
        .select_related("enterprise", "technology_field", "jic")
        .order_by("-submitted_on", "-id")
    )
    section = _section("needs", needs)
    section.items = NeedProjection.many(section.items, audience)
    results.sections["needs"] = section
    # Cases are shown to those who read their need in full: the need's title may be searched.
    cases = (
        visible_cases(user)
        .filter(
            Q(resource_name__icontains=query)
            | Q(resource_name_en__icontains=query)
            | Q(need__title__icontains=query)
        )
        .select_related("need")
        .order_by("-stage_since")
    )
    results.sections["cases"] = _section("cases", cases)
    # A contract's title repeats its need's: contracts are found by number and parties.
    contracts: Any = (
        visible_contracts(user)
        .filter(
            Q(contract_number__icontains=query)
            | _name_q(query, "client__")
            | _name_q(query, "contractor__")
        )
        .select_related("client", "contractor")
        .order_by("-signed_on")
    )
    results.sections["contracts"] = _section("contracts", contracts)
    institutes = institutes_of(user).filter(_name_q(query)).order_by("name_zh")
    results.sections["institutes"] = _section("institutes", institutes)
    if is_network_staff(user):
        experts = (
            Expert.objects.filter(_name_q(query) | _name_q(query, "organisation__"))
            .select_related("organisation")
            .order_by("name_zh")
        )
        results.sections["experts"] = _section("experts", experts)
        achievements = TechnologicalAchievement.objects.filter(
            Q(title__icontains=query) | Q(keywords__icontains=query)
        ).order_by("-created_on")
        results.sections["achievements"] = _section("achievements", achievements)
        partners = OverseasPartner.objects.filter(_name_q(query)).order_by("name_zh")
        results.sections["partners"] = _section("partners", partners)
    return results
