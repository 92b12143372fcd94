"""Personal API tokens: issued, listed and revoked by their owner (or by an administrator)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import TokenScope
from .models import ApiToken

#: The longest a token may live; every token expires.
MAX_TOKEN_DAYS = 365


class TokenError(Exception):
    """A token request that cannot be granted; the message is translated."""


@transaction.atomic
def issue_token(user: Any, *, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``; the secret is returned once and stored only as a digest."""
    if not user.is_authenticated or not user.is_active:
        raise TokenError(_("请先登录。"))
    if not name.strip():
        raise TokenError(_("请为令牌命名。"))
    if scope not in TokenScope.values:
        raise TokenError(_("无效的权限范围。"))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise TokenError(_("有效期须在 1 到 %(max)d 天之间。") % {"max": MAX_TOKEN_DAYS})
    # The user's expired tokens go here rather than on each request (``api_auth``).
    ApiToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    token, secret = ApiToken.objects.create(
        user=user, expiry=dt.timedelta(days=days), name=name.strip()[:100], scope=scope
    )
    return token, secret


@transaction.atomic
def revoke_token(user: Any, token_key: str) -> int:
    """Revoke the user's own token(s) with this key; returns how many were revoked."""
    deleted, _details = ApiToken.objects.filter(user_id=user.pk, token_key=token_key).delete()
    return deleted
