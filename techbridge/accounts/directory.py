"""Roles from a directory: what a person who signs in through single sign-on (OpenID Connect
or LDAP) may do follows the groups the directory puts them in.

Staff keep the rules (``DirectoryRoleRule``: group → role in an organisation, and/or system
administration) in the admin. At each sign-in the person's directory memberships are brought
in line with the rules: memberships the directory grants are added (or made active again),
those it granted before and no longer grants are made inactive, and memberships given by hand
are left as they are. A person given the expert role is linked to the expert record with the
same e-mail address that has no account yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import DirectoryRoleRule, ExternalIdentity, Membership
from .signals import directory_roles_synced


def group_keys(groups: Iterable[str]) -> set[str]:
    """The names a rule may use for each group: the group as given and, for a DN such as
    ``cn=techbridge-hq,ou=groups,dc=example,dc=org``, its first value (``techbridge-hq``);
    compared without case, as directories do."""
    keys: set[str] = set()
    for group in groups:
        name = str(group).strip()
        if not name:
            continue
        keys.add(name.casefold())
        first = name.split(",", 1)[0]
        if "=" in first:
            keys.add(first.split("=", 1)[1].strip().casefold())
    return keys


def matching_rules(groups: Iterable[str]) -> list[DirectoryRoleRule]:
    keys = group_keys(groups)
    return [
        rule for rule in DirectoryRoleRule.objects.all() if rule.group.strip().casefold() in keys
    ]


@transaction.atomic
def sync_directory_user(user: Any, provider: str, subject: str, groups: Iterable[str]) -> None:
    """Record the sign-in (``ExternalIdentity``) and bring the user's directory-granted
    memberships and system-administration access in line with the rules for ``groups``."""
    groups = sorted({str(g) for g in groups})
    ExternalIdentity.objects.update_or_create(
        provider=provider,
        subject=subject,
        defaults={"user": user, "groups": groups, "last_sign_in": timezone.now()},
    )
    rules = matching_rules(groups)
    granted = {
        (rule.organisation_id, rule.role)
        for rule in rules
        if rule.role and rule.organisation_id is not None
    }
    held = {
        (m.organisation_id, m.role): m
        for m in Membership.objects.select_for_update().filter(user_id=user.pk)
    }
    for key in granted:
        membership = held.get(key)
        if membership is None:
            Membership.objects.create(
                user=user, organisation_id=key[0], role=key[1], from_directory=True
            )
        elif membership.from_directory and not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active", "updated_at"])
    for key, membership in held.items():
        if membership.from_directory and membership.is_active and key not in granted:
            membership.is_active = False
            membership.save(update_fields=["is_active", "updated_at"])
    # The directory decides system administration for the people it signs in; a superuser
    # made by hand keeps it.
    admin = any(rule.system_admin for rule in rules)
    if not user.is_superuser and user.is_staff != admin:
        user.is_staff = admin
        user.save(update_fields=["is_staff"])
    roles = {role for _, role in granted}
    transaction.on_commit(
        lambda: directory_roles_synced.send(sender=ExternalIdentity, user=user, roles=roles)
    )
