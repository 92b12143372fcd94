"""Technology needs that enterprises bring, directly or through a JIC."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.choices import Language
from techbridge.core.models import TimeStampedModel

from .choices import (
    Confidentiality,
    CooperationMode,
    DisclosureStatus,
    NeedEventKind,
    NeedStatus,
)
from .visibility import visible_needs

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class TechnologyNeedQuerySet(models.QuerySet["TechnologyNeed"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> TechnologyNeedQuerySet:
        """The one rule of who may see which need; every page, API and report uses it."""
        return visible_needs(self, user)


class TechnologyNeed(TimeStampedModel):
    """A problem an enterprise wants solved with technology."""

    title = models.CharField(_("需求名称"), max_length=300)
    description = models.TextField(_("需求描述"))
    technical_indicators = models.TextField(_("技术指标"), blank=True)
    public_summary = models.TextField(
        _("公开摘要"), blank=True, help_text=_("对外展示的脱敏摘要，可匿名")
    )
    is_anonymous = models.BooleanField(_("匿名发布"), default=False)
    language = models.CharField(
        _("语言"), max_length=2, choices=Language.choices, default=Language.ZH
    )
    enterprise = models.ForeignKey(
        "organisations.Enterprise",
        verbose_name=_("提出企业"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    jic = models.ForeignKey(
        "jics.JointInnovationCenter",
        verbose_name=_("联合创新中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    industry = models.ForeignKey(
        "core.Industry", verbose_name=_("行业"), on_delete=models.PROTECT, related_name="needs"
    )
    technology_field = models.ForeignKey(
        "core.TechnologyField",
        verbose_name=_("技术领域"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    budget_min_cny = models.DecimalField(_("预算下限（元）"), max_digits=14, decimal_places=2)
    budget_max_cny = models.DecimalField(_("预算上限（元）"), max_digits=14, decimal_places=2)
    deadline = models.DateField(_("期望完成日期"), null=True, blank=True)
    cooperation_mode = models.CharField(
        _("合作方式"), max_length=20, choices=CooperationMode.choices
    )
    confidentiality = models.CharField(
        _("保密级别"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.STAFF_ONLY,
    )
    named_viewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指定可见人员"),
        blank=True,
        related_name="named_needs",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED
    )
    submitted_on = models.DateField(_("提交日期"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_needs",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重复于"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )

    objects = TechnologyNeedQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "title"]
        verbose_name = _("技术需求")
        verbose_name_plural = pgettext_lazy("plural", "技术需求")
        indexes = [
            models.Index(fields=["status"], name="need_status_idx"),
            models.Index(fields=["submitted_on"], name="need_submitted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min_cny__gte=0) & Q(budget_max_cny__gte=F("budget_min_cny")),
                name="need_budget_range_valid",
                violation_error_message=_("预算下限不能为负，且不能高于预算上限。"),
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("submitted_on")),
                name="need_deadline_after_submission",
                violation_error_message=_("期望完成日期不能早于提交日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:detail", args=[self.pk])


class NeedEvent(TimeStampedModel):
    """One recorded change in a need's life: who did what, when, and why."""

    need = models.ForeignKey(
        TechnologyNeed, verbose_name=_("技术需求"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="need_events",
    )
    kind = models.CharField(_("事件"), max_length=30, choices=NeedEventKind.choices)
    from_status = models.CharField(
        _("原状态"), max_length=20, choices=NeedStatus.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=NeedStatus.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    #: Another need this step refers to (the original of a duplicate). Kept as a reference,
    #: never as text: each reader sees it through their own projection of that need.
    related_need = models.ForeignKey(
        TechnologyNeed,
        verbose_name=_("相关需求"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("需求记录")
        verbose_name_plural = pgettext_lazy("plural", "需求记录")

    def __str__(self) -> str:
        return f"{self.need} · {self.get_kind_display()}"


def attachment_path(instance: NeedAttachment, filename: str) -> str:
    return f"needs/{instance.need_id}/{filename}"


class NeedAttachment(TimeStampedModel):
    need = models.ForeignKey(
        TechnologyNeed,
        verbose_name=_("技术需求"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    #: Read from the file's content at upload (``core.uploads``); the download is served as it.
    content_type = models.CharField(
        _("内容类型"), max_length=120, default="application/octet-stream"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["need", "created_at"]
        verbose_name = _("需求附件")
        verbose_name_plural = pgettext_lazy("plural", "需求附件")

    def __str__(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1]


class DisclosureRequest(TimeStampedModel):
    """Staged disclosure: a partner asks to read an anonymous need; the enterprise decides."""

    need = models.ForeignKey(
        TechnologyNeed,
        verbose_name=_("技术需求"),
        on_delete=models.CASCADE,
        related_name="disclosure_requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="disclosure_requests",
    )
    reason = models.TextField(_("申请理由"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=DisclosureStatus.choices,
        default=DisclosureStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("全文披露申请")
        verbose_name_plural = pgettext_lazy("plural", "全文披露申请")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "requester"],
                condition=models.Q(status="pending"),
                name="disclosure_one_pending_per_requester",
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} · {self.requester}"
