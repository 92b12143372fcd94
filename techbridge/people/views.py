"""An expert's page with their papers, patents and projects, for network staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from techbridge.core.permissions import is_network_staff

from .models import Expert


@login_required
def expert(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_network_staff(request.user):
        raise PermissionDenied
    person = get_object_or_404(Expert.objects.select_related("organisation"), pk=pk)
    return render(
        request,
        "people/expert.html",
        {
            "expert": person,
            "fields": person.technology_fields.all(),
            "documents": person.documents.order_by("-year", "title"),
            "achievements": person.achievements.select_related("owner").order_by("-created_on"),
        },
    )
