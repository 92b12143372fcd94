"""What the sign-in page offers besides the password form."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def sign_in(request: HttpRequest) -> dict[str, Any]:
    return {
        "oidc_enabled": settings.OIDC_ENABLED,
        "oidc_provider_name": settings.TECHBRIDGE_OIDC_PROVIDER_NAME,
    }
