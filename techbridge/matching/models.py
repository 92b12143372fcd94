"""What matching keeps in the database: document vectors, and people's decisions on matches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import TimeStampedModel

from .choices import DecisionAction, ResourceType


class DocumentVector(TimeStampedModel):
    """The encoder's vector of one indexed text, kept so a restart never re-encodes it.

    ``content_hash`` covers the text and the encoder, so a changed text or model is
    re-encoded and everything else is reused.
    """

    key = models.CharField(_("文档键"), max_length=60, unique=True)
    content_hash = models.CharField(_("内容摘要"), max_length=40)
    model = models.CharField(_("编码模型"), max_length=100)
    dim = models.PositiveSmallIntegerField(_("维度"))
    vector = models.BinaryField(_("向量（float16）"))

    #: Derived from the texts, re-computable: not worth a change history.
    audited = False

    class Meta:
        ordering = ["key"]
        verbose_name = _("文档向量")
        verbose_name_plural = pgettext_lazy("plural", "文档向量")

    def __str__(self) -> str:
        return self.key


class MatchDecision(TimeStampedModel):
    """A person's decision on one match of one need: shortlist, dismiss, introduce, contract."""

    need = models.ForeignKey(
        "needs.TechnologyNeed",
        verbose_name=_("技术需求"),
        on_delete=models.CASCADE,
        related_name="match_decisions",
    )
    resource_type = models.CharField(_("资源类型"), max_length=20, choices=ResourceType.choices)
    resource_id = models.CharField(_("资源编号"), max_length=40)
    action = models.CharField(_("决定"), max_length=20, choices=DecisionAction.choices)
    reason = models.TextField(_("理由"), blank=True)
    score = models.FloatField(_("匹配分"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="match_decisions",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("匹配决定")
        verbose_name_plural = pgettext_lazy("plural", "匹配决定")
        indexes = [
            models.Index(
                fields=["need", "resource_type", "resource_id"], name="decision_lookup_idx"
            ),
            models.Index(fields=["resource_type", "resource_id"], name="decision_resource_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id} · {self.resource_type}:{self.resource_id} · {self.action}"


class IndexChange(models.Model):
    """One committed change to an indexed record, for every process's index to follow.

    Written in the same transaction as the change itself (by the save and delete handlers in
    ``signals.py`` and by bulk imports), so a change that commits is never missed and one that
    rolls back never shows. ``key`` names the record (``doc:12``, ``need:7``, ``expert:3``);
    a follower re-reads it, so one row covers creation, edits, visibility and deletion.
    """

    id = models.BigAutoField(primary_key=True)
    key = models.CharField(_("文档键"), max_length=60)
    #: The writing transaction's id on PostgreSQL (0 on SQLite), see ``index.ChangeCursor``.
    xid = models.BigIntegerField(_("事务号"), default=0, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    audited = False

    class Meta:
        ordering = ["id"]
        verbose_name = _("索引变更")
        verbose_name_plural = pgettext_lazy("plural", "索引变更")

    def __str__(self) -> str:
        return f"{self.pk} · {self.key}"


class IndexFollower(models.Model):
    """Where one serving process's matching index stands (reported by ``/healthz``)."""

    name = models.CharField(_("进程"), max_length=120, unique=True)
    state = models.CharField(_("状态"), max_length=20)
    indexed = models.PositiveIntegerField(_("已索引"), default=0)
    applied = models.BigIntegerField(_("已应用的变更"), default=0)
    seen_at = models.DateTimeField(_("最近报告"))

    audited = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("索引进程")
        verbose_name_plural = pgettext_lazy("plural", "索引进程")

    def __str__(self) -> str:
        return self.name
