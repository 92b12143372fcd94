"""Overseas partners' list and detail pages, for network staff."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from techbridge.core.permissions import is_network_staff

from . import services
from .choices import PartnerType
from .models import OverseasPartner
from .tables import AgreementTable, JointProjectTable, PartnerTable, ReachedExpertTable


def _staff(request: HttpRequest) -> None:
    if not is_network_staff(request.user):
        raise PermissionDenied


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    qs = services.partners(request.GET)
    table = PartnerTable(qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    countries = sorted(set(OverseasPartner.objects.values_list("country", flat=True)))
    return render(
        request,
        "organisations/partners.html",
        {
            "partners": qs,
            "table": table,
            "countries": countries,
            "types": PartnerType.choices,
            "selected": request.GET,
        },
    )


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    partner = get_object_or_404(OverseasPartner, pk=pk)
    return render(
        request,
        "organisations/partner.html",
        {
            "partner": partner,
            "agreements": AgreementTable(partner.agreements.all(), day=dt.date.today()),
            "projects": JointProjectTable(services.joint_projects(partner)),
            "experts": ReachedExpertTable(services.experts_reached(partner)),
        },
    )
