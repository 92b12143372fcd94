"""Users belong to organisations with a role; login itself is Django's auth."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
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
    #: Granted by a directory group at single sign-on (see ``DirectoryRoleRule``): the
    #: directory adds and withdraws it at each sign-in; memberships given by hand stay as they are.
    from_directory = models.BooleanField(_("来自目录"), default=False)

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


class DirectoryRoleRule(TimeStampedModel):
    """What membership of a directory group (an LDAP group, an OpenID Connect ``groups``
    claim) gives a person who signs in through single sign-on: a role in an organisation,
    access to system administration, or both."""

    group = models.CharField(
        _("目录组"),
        max_length=255,
        help_text=_(
            "组名或完整 DN，例如 techbridge-hq 或 cn=techbridge-hq,ou=groups,dc=example,dc=org"
        ),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("所属机构"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="directory_rules",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, blank=True)
    system_admin = models.BooleanField(
        _("系统管理员"), default=False, help_text=_("可进入管理后台和系统运行页面。")
    )

    class Meta:
        ordering = ["group", "organisation__name_zh", "role"]
        verbose_name = _("目录组角色规则")
        verbose_name_plural = pgettext_lazy("plural", "目录组角色规则")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation", "role"], name="directory_rule_unique"
            )
        ]

    def clean(self) -> None:
        if bool(self.role) != bool(self.organisation_id):
            raise ValidationError(_("角色和所属机构须同时填写（或都不填）。"))
        if not self.role and not self.system_admin:
            raise ValidationError(_("规则须给出角色或系统管理员权限。"))

    def __str__(self) -> str:
        granted = [str(self.organisation), self.get_role_display()] if self.role else []
        if self.system_admin:
            granted.append(str(_("系统管理员")))
        return f"{self.group} → {' · '.join(granted)}"


class ExternalIdentity(TimeStampedModel):
    """A user's account at a single sign-on provider: the provider's stable subject (the
    OpenID Connect ``sub``, the LDAP entry's DN) that finds the user again at the next sign-in."""

    class Provider(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        LDAP = "ldap", "LDAP"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    provider = models.CharField(_("身份提供方"), max_length=10, choices=Provider.choices)
    subject = models.CharField(_("外部标识"), max_length=255)
    groups = models.JSONField(_("目录组"), default=list, blank=True)
    last_sign_in = models.DateTimeField(_("最近登录"), null=True, blank=True)

    class Meta:
        ordering = ["provider", "subject"]
        verbose_name = _("外部身份")
        verbose_name_plural = pgettext_lazy("plural", "外部身份")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} · {self.subject}"
