"""API authentication that shares the sign-in throttling of the login form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox import auth as knox_auth
from knox.signals import token_expired
from rest_framework import exceptions, permissions
from rest_framework.authentication import BasicAuthentication

from .choices import TokenScope


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


class ScopedTokenAuthentication(knox_auth.TokenAuthentication):
    """``Authorization: Token <secret>``: a personal token (django-rest-knox), refused once
    expired or revoked; a read-only token may only read."""

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        found = super().authenticate(request)
        if found is not None:
            _user, token = found
            scope = getattr(token, "scope", TokenScope.READ)
            if scope == TokenScope.READ and request.method not in permissions.SAFE_METHODS:
                raise exceptions.PermissionDenied(_("该令牌只能读取，不能修改数据。"))
        return found

    def _cleanup_token(self, auth_token: Any) -> bool:
        """Whether ``auth_token`` has expired; an expired token is deleted. knox's own
        cleanup also reads every other token of the user on each request to delete the
        expired ones: here they go when the user is issued a new token
        (``services.issue_token``), and an expired token is refused either way."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False


class ScopedTokenScheme(OpenApiAuthenticationExtension):
    target_class = ScopedTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal token: `Token <secret>` (issued at /accounts/tokens/).",
        }


class ThrottledBasicScheme(OpenApiAuthenticationExtension):
    """The schema describes it as what it is: HTTP Basic."""

    target_class = ThrottledBasicAuthentication
    name = "basicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "basic"}
