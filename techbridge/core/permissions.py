"""Who counts as network staff (may read the registers beyond their own records)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission, DjangoModelPermissions

from techbridge.core.choices import Role
from techbridge.core.request_cache import once_per_request

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from rest_framework.request import Request
    from rest_framework.views import APIView

STAFF_ROLES = (Role.HQ_STAFF, Role.INSTITUTE_STAFF, Role.JIC_MANAGER)


def memberships_of(user: AbstractBaseUser | AnonymousUser) -> tuple[tuple[int, str], ...]:
    """The user's active memberships as (organisation id, role) pairs: one query per request,
    shared by the permission checks, the need audience and the institute dashboards."""
    if not user.is_authenticated:
        return ()
    # Through the user's memberships (``accounts.Membership``, related name "memberships").
    memberships = user.memberships  # type: ignore[attr-defined]
    return once_per_request(
        ("memberships", user.pk),
        lambda: tuple(memberships.filter(is_active=True).values_list("organisation_id", "role")),
    )


def has_role(user: AbstractBaseUser | AnonymousUser, *roles: str) -> bool:
    """Whether the user holds one of ``roles`` in an active membership."""
    return any(role in roles for _, role in memberships_of(user))


def is_network_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return has_role(user, *STAFF_ROLES)


class IsNetworkStaff(BasePermission):
    """Registers (institutes, contracts, ventures...) are open to network staff only."""

    message = "Only headquarters, institute and JIC staff may read this register."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_network_staff(request.user)


class NetworkStaffModelPermissions(DjangoModelPermissions):
    """Network staff read a register; writing also takes the model's add, change or delete
    permission (headquarters staff hold them through ``RolePermissionBackend``)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not is_network_staff(request.user):
            self.message = IsNetworkStaff.message
            return False
        return bool(super().has_permission(request, view))
