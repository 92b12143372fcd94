"""Overseas partners: their agreements, joint projects and the experts reached through them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from techbridge.people.models import Expert

from .models import JointProject, OverseasPartner, PartnershipAgreement


def is_active(agreement: PartnershipAgreement, day: dt.date) -> bool:
    """In force on ``day``: started, and not past its end date (if it has one)."""
    return agreement.valid_from <= day and (
        agreement.valid_until is None or agreement.valid_until >= day
    )


def partners(params: dict[str, str], day: dt.date | None = None) -> QuerySet[OverseasPartner]:
    """Partners filtered by country and type, with their agreements and joint projects counted."""
    day = day or dt.date.today()
    qs = OverseasPartner.objects.annotate(
        n_agreements=Count("agreements", distinct=True),
        n_active=Count(
            "agreements",
            filter=Q(agreements__valid_from__lte=day)
            & (Q(agreements__valid_until__isnull=True) | Q(agreements__valid_until__gte=day)),
            distinct=True,
        ),
        n_projects=Count("joint_projects", distinct=True),
        n_experts=Count("experts", distinct=True),
    ).order_by("country", "name_zh")
    country = (params.get("country") or "").strip().upper()
    if country:
        qs = qs.filter(country=country)
    kind = (params.get("partner_type") or "").strip()
    if kind:
        qs = qs.filter(partner_type=kind)
    return qs


@dataclass
class ReachedExpert:
    """An expert reached through a partner, and how: employed, formerly, in a joint project."""

    expert: Expert
    ways: list[str] = field(default_factory=list)


def experts_reached(partner: OverseasPartner) -> list[ReachedExpert]:
    """Experts working at the partner, who worked there, or who took part in a joint project."""
    reached: dict[int, ReachedExpert] = {}

    def add(expert: Expert, way: str) -> None:
        entry = reached.setdefault(expert.pk, ReachedExpert(expert))
        if way not in entry.ways:
            entry.ways.append(way)

    related = ("organisation",)
    for e in Expert.objects.filter(organisation=partner).select_related(*related):
        add(e, "employed")
    for e in Expert.objects.filter(affiliations__organisation=partner).select_related(*related):
        add(e, "affiliated")
    for e in Expert.objects.filter(joint_projects__partner=partner).select_related(*related):
        add(e, "joint_project")
    return sorted(reached.values(), key=lambda r: r.expert.name_en or r.expert.name_zh)


def joint_projects(partner: OverseasPartner) -> QuerySet[JointProject]:
    return (
        partner.joint_projects.select_related("institute", "agreement")
        .prefetch_related("experts")
        .order_by("-started_on")
    )
