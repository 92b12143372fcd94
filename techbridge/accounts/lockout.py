"""The answer to a locked-out sign-in: JSON for the API, a translated page elsewhere."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED = 429


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("登录失败次数过多，该登录已暂停 %(minutes)d 分钟。请稍后再试，或联系管理员。") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=LOCKED)
    else:
        response = render(
            request, "registration/locked_out.html", {"message": message}, status=LOCKED
        )
    response["Retry-After"] = str(minutes * 60)
    return response
