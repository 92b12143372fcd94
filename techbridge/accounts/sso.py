"""Single sign-on: OpenID Connect (mozilla-django-oidc) and LDAP (django-python3-ldap, pure
Python over ldap3), each on when configured (see ``docs/deployment.md``, "Single sign-on").

Both find or create the Django user, then hand the person's directory groups to
:func:`~techbridge.accounts.directory.sync_directory_user`, which sets the roles that the
staff-kept ``DirectoryRoleRule`` rows give those groups.
"""

from __future__ import annotations

from typing import Any

import ldap3
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_python3_ldap.utils import clean_ldap_name
from ldap3.utils.conv import escape_filter_chars
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from .directory import sync_directory_user
from .models import ExternalIdentity

User = get_user_model()


def _groups_claim(claims: dict[str, Any]) -> list[str]:
    value = claims.get(settings.TECHBRIDGE_OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return [str(group) for group in value if isinstance(group, (str, int))]


class DirectoryOIDCBackend(OIDCAuthenticationBackend):
    """Signs people in through an OpenID Connect provider (Keycloak, Azure AD / Entra ID,
    Authing, any certified provider). A returning person is found by the provider's subject;
    the first time by an e-mail address the provider has not marked unverified."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        linked = User.objects.filter(
            external_identities__provider=ExternalIdentity.Provider.OIDC,
            external_identities__subject=str(claims.get("sub", "")),
        )
        if linked.exists():
            return linked
        email = claims.get("email")
        if not email or claims.get("email_verified") is False:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub")) and bool(
            claims.get("email") or claims.get("preferred_username")
        )

    def get_username(self, claims: dict[str, Any]) -> str:
        wanted = str(claims.get("preferred_username") or claims["email"]).strip()[:140]
        username, n = wanted, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{wanted}-{n}"
        return username

    def _set_names(self, user: Any, claims: dict[str, Any]) -> None:
        user.email = claims.get("email", user.email) or user.email
        user.first_name = str(claims.get("given_name", user.first_name) or "")[:150]
        user.last_name = str(claims.get("family_name", user.last_name) or "")[:150]
        if not (user.first_name or user.last_name) and claims.get("name"):
            user.first_name = str(claims["name"])[:150]

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> Any:
        user = User(username=self.get_username(claims))
        self._set_names(user, claims)
        user.set_unusable_password()
        user.save()
        sync_directory_user(
            user, ExternalIdentity.Provider.OIDC, claims["sub"], _groups_claim(claims)
        )
        return user

    @transaction.atomic
    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        self._set_names(user, claims)
        user.save(update_fields=["email", "first_name", "last_name"])
        sync_directory_user(
            user, ExternalIdentity.Provider.OIDC, claims["sub"], _groups_claim(claims)
        )
        return user


def _domain_root(base: str) -> str:
    """``dc=example,dc=org`` for ``ou=people,dc=example,dc=org``: where groups are looked
    for unless ``TECHBRIDGE_LDAP_GROUP_SEARCH_BASE`` says."""
    parts = [part.strip() for part in base.split(",")]
    root = [part for part in parts if part.lower().startswith("dc=")]
    return ",".join(root) or base


def ldap_sync_user_relations(
    user: Any, ldap_attributes: dict[str, Any], *, connection: Any = None, dn: str | None = None
) -> None:
    """Called by django-python3-ldap after each LDAP sign-in: the person's groups are their
    ``memberOf`` values (where the directory keeps them) and the groups that list the entry
    as a ``member``/``uniqueMember`` (groupOfNames) or its uid as a ``memberUid`` (posixGroup)."""
    groups = [str(g) for g in ldap_attributes.get("memberOf", [])]
    if connection is not None and dn:
        uid = str(user.get_username())
        search = "(|(member={dn})(uniqueMember={dn})(memberUid={uid}))".format(
            dn=escape_filter_chars(dn), uid=escape_filter_chars(uid)
        )
        connection.search(
            search_base=settings.TECHBRIDGE_LDAP_GROUP_SEARCH_BASE
            or _domain_root(settings.LDAP_AUTH_SEARCH_BASE),
            search_filter=search,
            search_scope=ldap3.SUBTREE,
            attributes=["cn"],
            size_limit=1000,
        )
        groups += [
            str(found["dn"])
            for found in connection.response or []
            if found.get("type") == "searchResEntry"
        ]
    sync_directory_user(user, ExternalIdentity.Provider.LDAP, dn or user.get_username(), groups)


def ldap_username_dn(model_fields: dict[str, Any]) -> str:
    """The DN to bind as for a username: ``TECHBRIDGE_LDAP_USER_DN_TEMPLATE`` with
    ``{username}`` (e.g. ``uid={username},ou=people,dc=example,dc=org``)."""
    return settings.TECHBRIDGE_LDAP_USER_DN_TEMPLATE.format(
        username=clean_ldap_name(model_fields["username"])
    )


class SignInCallbackView(OIDCAuthenticationCallbackView):
    """The provider's way back: a refused or failed sign-in returns to the sign-in page with
    a message (and is counted by the sign-in throttling like a wrong password)."""

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request, _("单点登录未成功：身份提供方拒绝了登录或登录已过期，请重试。")
        )
        return super().login_failure()
