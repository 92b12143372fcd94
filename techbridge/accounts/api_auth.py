"""API authentication that shares the sign-in throttling of the login form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication


class ThrottledBasicAuthentication(BasicAuthentication):
    """HTTP Basic through Django's ``authenticate`` with the underlying request, so that
    django-axes counts a wrong password and refuses a locked-out user or address before any
    password is hashed (its middleware then answers with the lockout response)."""

    www_authenticate_realm = "TechBridge API"

    def authenticate_credentials(
        self, userid: str, password: str, request: Any = None
    ) -> tuple[Any, None]:
        credentials = {get_user_model().USERNAME_FIELD: userid, "password": password}
        django_request = getattr(request, "_request", request)
        user = authenticate(request=django_request, **credentials)
        if user is None:
            raise exceptions.AuthenticationFailed(_("用户名或密码错误。"))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("该账号已停用。"))
        return (user, None)


class ThrottledBasicScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The schema describes it as what it is: HTTP Basic."""

    target_class = ThrottledBasicAuthentication
    name = "basicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "basic"}
