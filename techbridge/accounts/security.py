"""Security events in the audit log: failed sign-ins, lockouts, refused requests and exports.

Each is a django-auditlog ``LogEntry`` with the ``access`` action, recorded against the user
it concerns (the one signing in, refused or exporting) and ``additional_data`` saying what
happened: ``{"security": "<event>", "ip": ..., "path": ..., ...}``. Staff read them in the
admin's log entries, filtered by user or date, beside every change to the records.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

LOGIN_FAILED = "login_failed"
LOCKED_OUT = "locked_out"
DENIED = "denied"
EXPORT = "export"


def _address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", "") or request.META.get("REMOTE_ADDR", ""))


def record(
    event: str,
    request: HttpRequest | None = None,
    *,
    user: Any = None,
    username: str = "",
    **details: Any,
) -> LogEntry:
    """Write one security event: about ``user`` (or the account named ``username``, or the
    signed-in user), by the signed-in user where there is one."""
    User = get_user_model()
    signed_in = getattr(request, "user", None)
    by = signed_in if signed_in is not None and signed_in.is_authenticated else None
    if user is None and username:
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        user = by
    concerned = user if user is not None and getattr(user, "pk", None) else None
    data = {
        "security": event,
        "ip": _address(request),
        "path": request.path if request is not None else "",
        **({"username": username} if username else {}),
        **details,
    }
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(concerned.pk) if concerned else "",
        object_id=concerned.pk if concerned else None,
        object_repr=(str(concerned) if concerned else username)[:200],
        action=LogEntry.Action.ACCESS,
        changes={},
        actor=by,
        remote_addr=_address(request) or None,
        additional_data=data,
    )


def login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(LOGIN_FAILED, request, username=username)


def locked_out(sender: Any, request: Any = None, username: str = "", **kw: Any) -> None:
    record(LOCKED_OUT, request, username=str(username or "")[:150])
