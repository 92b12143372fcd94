"""An achievement's page, for network staff (the register lists them all)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from techbridge.core.permissions import is_network_staff

from .models import TechnologicalAchievement
from .tables import TransferTable


@login_required
def achievement(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_network_staff(request.user):
        raise PermissionDenied
    item = get_object_or_404(
        TechnologicalAchievement.objects.select_related("owner", "technology_field"), pk=pk
    )
    return render(
        request,
        "achievements/detail.html",
        {
            "achievement": item,
            "inventors": item.inventors.select_related("organisation"),
            "transfers": TransferTable(item.transfers.select_related("recipient")),
        },
    )
