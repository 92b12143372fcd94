"""Model permissions from roles: headquarters staff manage the network's registers.

Django's ``ModelBackend`` still answers for permissions given to users and groups by hand;
this backend adds what a user's active memberships imply, so a role granted in the platform
needs no separate permission bookkeeping. It is asked before ``ModelBackend`` (whose answer
costs two queries of the user's and groups' permissions): a headquarters request is answered
from the memberships its request has read already.

It signs no one in and keeps no one signed in: it has no ``get_user`` (as django-axes's
backend has none), so a session names the backend that authenticated its user.
"""

from __future__ import annotations

from typing import Any

from techbridge.core.choices import Role
from techbridge.core.permissions import has_role

#: App labels whose models headquarters staff may view, add, change and delete.
NETWORK_APPS = frozenset(
    {
        "core",
        "accounts",
        "organisations",
        "institutes",
        "people",
        "talent",
        "jics",
        "needs",
        "achievements",
        "cooperation",
        "ventures",
        "assignments",
    }
)


class RolePermissionBackend:
    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def _is_hq(self, user: Any) -> bool:
        if not user.is_active or user.is_anonymous:
            return False
        return has_role(user, Role.HQ_STAFF)

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        app_label = perm.split(".", 1)[0]
        if app_label == "auditlog":
            return perm.endswith(".view_logentry") and self._is_hq(user_obj)
        return app_label in NETWORK_APPS and self._is_hq(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return (app_label in NETWORK_APPS or app_label == "auditlog") and self._is_hq(user_obj)
