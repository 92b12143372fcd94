"""Gap figures on a hand-counted chain, and what an enterprise user may count."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from techbridge.chains.choices import Coverage, RecordType
from techbridge.chains.services import gap_analysis
from techbridge.core.choices import Role
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise

from .conftest import TinyChain, confirm

pytestmark = pytest.mark.django_db


def test_gap_figures_are_counted_exactly(tiny_chain: TinyChain, hq_user: Any) -> None:
    # Given the tiny chain, when headquarters staff analyse it
    report = gap_analysis(tiny_chain.chain, hq_user)
    gaps = {t.technology.pk: t for t in report.technologies}
    a, b, c = gaps[tiny_chain.a.pk], gaps[tiny_chain.b.pk], gaps[tiny_chain.c.pk]

    # then tech A: two needs, their budgets summed, no supply (the suggestion is not counted)
    assert a.demand_count == 2
    assert a.demand_budget_cny == sum(n.budget_max_cny for n in tiny_chain.needs_a)
    assert a.supply_count == 0
    assert a.flags == ["demand_without_supply"]
    assert a.coverage == Coverage.GAP
    # tech B: one need, an institute and its expert: one institute behind the supply
    assert (b.demand_count, b.institutes, b.experts, b.supply_count) == (1, 1, 1, 2)
    assert b.demand_budget_cny == tiny_chain.need_b.budget_max_cny
    assert b.flags == ["single_institute"]
    assert b.coverage == Coverage.FRAGILE
    # tech C: no need, an overseas expert and an overseas partner only
    assert (c.demand_count, c.experts, c.partners, c.supply_count) == (0, 1, 1, 2)
    assert c.flags == ["foreign_only_supply"]
    assert c.coverage == Coverage.FRAGILE
    # the link "材料" depends on one institute; the ranking puts the gap first
    assert report.links[0].single_institute
    assert not report.links[1].single_institute
    assert [t.technology.pk for t in report.ranked()] == [
        tiny_chain.a.pk,
        tiny_chain.b.pk,
        tiny_chain.c.pk,
    ]


def test_evidence_lists_the_records(tiny_chain: TinyChain, hq_user: Any) -> None:
    report = gap_analysis(tiny_chain.chain, hq_user)
    gaps = {t.technology.pk: t for t in report.technologies}
    # Needs are listed only when the user may see them (headquarters do not see named-only
    # needs, though the network's figures count them).
    a_needs = {e.record_id for e in gaps[tiny_chain.a.pk].evidence}
    visible = TechnologyNeed.objects.visible_to(hq_user)
    assert a_needs == set(
        visible.filter(pk__in=[n.pk for n in tiny_chain.needs_a]).values_list("pk", flat=True)
    )
    c_evidence = {(e.record_type, e.record_id, e.foreign) for e in gaps[tiny_chain.c.pk].evidence}
    assert c_evidence == {
        (RecordType.EXPERT, tiny_chain.foreign_expert.pk, True),
        (RecordType.PARTNER, tiny_chain.partner.pk, True),
    }


def test_year_filters_the_demand(tiny_chain: TinyChain, hq_user: Any) -> None:
    year = tiny_chain.needs_a[0].submitted_on.year
    expected = sum(1 for n in tiny_chain.needs_a if n.submitted_on.year == year)
    report = gap_analysis(tiny_chain.chain, hq_user, year=year)
    gap = next(t for t in report.technologies if t.technology.pk == tiny_chain.a.pk)
    assert gap.demand_count == expected


def test_enterprise_user_does_not_count_another_enterprise_staff_only_need(
    tiny_chain: TinyChain, user_factory: Any
) -> None:
    # Given tech C mapped to one of the user's own needs and another enterprise's staff-only need
    own = Enterprise.objects.filter(needs__isnull=False).order_by("pk")[0]
    own_need = TechnologyNeed.objects.filter(enterprise=own).order_by("pk")[0]
    hidden = TechnologyNeed.objects.filter(
        confidentiality=Confidentiality.STAFF_ONLY, jic__isnull=True
    ).exclude(enterprise=own)[0]
    confirm(tiny_chain.c, RecordType.NEED, own_need.pk)
    confirm(tiny_chain.c, RecordType.NEED, hidden.pk)
    user = user_factory("chain-ent", own, Role.ENTERPRISE_USER)

    # When the enterprise user analyses the chain
    report = gap_analysis(tiny_chain.chain, user)
    c = next(t for t in report.technologies if t.technology.pk == tiny_chain.c.pk)

    # Then only the own need is counted and listed, its budget alone summed
    assert c.demand_count == 1
    assert c.demand_budget_cny == own_need.budget_max_cny
    need_ids = {e.record_id for e in c.evidence if e.record_type == RecordType.NEED}
    assert need_ids == {own_need.pk}
    assert hidden.pk not in need_ids
    # and headquarters count both
    hq_report = gap_analysis(tiny_chain.chain, _hq())
    hq_c = next(t for t in hq_report.technologies if t.technology.pk == tiny_chain.c.pk)
    assert hq_c.demand_count == 2
    assert hq_c.demand_budget_cny == own_need.budget_max_cny + hidden.budget_max_cny
    assert isinstance(hq_c.demand_budget_cny, Decimal)


def _hq() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="hq")
