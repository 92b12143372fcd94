"""Notifications shown in the platform (and sent by e-mail) to one user each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import TimeStampedModel

from .choices import NotificationKind
from .messages import render_message


class Notification(TimeStampedModel):
    """One message to one user. ``message`` holds the title and body as message keys with
    parameters (``messages.py``), shown in the reader's language; ``title`` and ``body`` hold
    the plain text in Chinese and English, for e-mail and the admin."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    message = models.JSONField(_("消息"), default=dict, blank=True, editable=False)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    #: When its e-mail left (by the job that sends it; never twice).
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    dedupe_key = models.CharField(
        _("去重键"),
        max_length=100,
        blank=True,
        help_text=_("同一接收人同一去重键只通知一次，例如逾期提醒"),
    )

    #: Messages derived from other records' history: not worth a change history of their own.
    audited = False

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = pgettext_lazy("plural", "通知")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once_per_key",
                violation_error_message=_("该提醒已发送给此用户。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title.splitlines()[0] if self.title else ''}"

    @property
    def shown_title(self) -> str:
        """The title in the active language (the stored text for older notifications)."""
        if self.message.get("title"):
            return render_message(self.message["title"])
        return self.title

    @property
    def shown_body(self) -> str:
        if self.message.get("body"):
            return render_message(self.message["body"])
        return self.body

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
