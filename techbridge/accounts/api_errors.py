"""The API's error answers (DRF's), with refused requests of signed-in users in the audit log.

Kept apart from the authentication classes: DRF imports those while its own views module is
still loading, and this module needs that views module.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import PermissionDenied
from rest_framework.views import exception_handler as drf_exception_handler

from . import security


def exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    if isinstance(exc, PermissionDenied) and request is not None and request.user.is_authenticated:
        security.record(security.DENIED, request, reason=str(exc.detail)[:300])
    return response
