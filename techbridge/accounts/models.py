"""Users belong to organisations with a role; login itself is Django's auth."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from knox.models import AbstractAuthToken

from techbridge.core.choices import Role
from techbridge.core.models import TimeStampedModel

from .choices import TokenScope


class Membership(TimeStampedModel):
    """A user's role in one organisation. A user may hold several memberships."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("所属机构"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["user__username", "organisation__name_zh"]
        verbose_name = _("机构成员")
        verbose_name_plural = pgettext_lazy("plural", "机构成员")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class ApiToken(AbstractAuthToken):
    """A personal API token (django-rest-knox stores only its digest): named, scoped,
    expiring, and revoked by deleting it."""

    name = models.CharField(_("名称"), max_length=100)
    scope = models.CharField(
        _("权限范围"), max_length=20, choices=TokenScope.choices, default=TokenScope.READ
    )

    #: Tokens are credentials: their rows are not copied into the change history.
    audited = False

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API 令牌")
        verbose_name_plural = pgettext_lazy("plural", "API 令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.name} ({self.token_key}…)"
