"""Technological achievements (patents, know-how, prototypes) and their transfers."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.choices import Language
from techbridge.core.keywords import split_keywords
from techbridge.core.models import TimeStampedModel

from .choices import AchievementKind, Readiness, TransferMode


class TechnologicalAchievement(TimeStampedModel):
    title = models.CharField(_("成果名称"), max_length=300)
    description = models.TextField(_("成果简介"))
    language = models.CharField(
        _("语言"), max_length=2, choices=Language.choices, default=Language.ZH
    )
    kind = models.CharField(_("类型"), max_length=20, choices=AchievementKind.choices)
    readiness = models.PositiveSmallIntegerField(
        _("技术成熟度"), choices=Readiness.choices, default=Readiness.TRL4
    )
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("权利人"),
        on_delete=models.PROTECT,
        related_name="achievements",
    )
    inventors = models.ManyToManyField(
        "people.Expert", verbose_name=_("完成人"), blank=True, related_name="achievements"
    )
    technology_field = models.ForeignKey(
        "core.TechnologyField",
        verbose_name=_("技术领域"),
        on_delete=models.PROTECT,
        related_name="achievements",
    )
    patent_number = models.CharField(_("专利号"), max_length=40, blank=True)
    keywords = models.CharField(
        _("关键词"), max_length=500, blank=True, help_text=_("多个关键词用逗号、分号或顿号分隔")
    )
    created_on = models.DateField(_("形成日期"))

    class Meta:
        ordering = ["-created_on", "title"]
        verbose_name = _("科技成果")
        verbose_name_plural = pgettext_lazy("plural", "科技成果")
        constraints = [
            models.CheckConstraint(
                condition=Q(readiness__gte=1) & Q(readiness__lte=9),
                name="achievement_readiness_1_to_9",
                violation_error_message=_("技术成熟度须在 1 到 9 之间。"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def keyword_list(self) -> tuple[str, ...]:
        return split_keywords(self.keywords)


class AchievementTransfer(TimeStampedModel):
    """One transfer of an achievement to industry (assignment, licence or equity)."""

    achievement = models.ForeignKey(
        TechnologicalAchievement,
        verbose_name=_("科技成果"),
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    recipient = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("受让方"),
        on_delete=models.PROTECT,
        related_name="received_transfers",
    )
    mode = models.CharField(_("转化方式"), max_length=20, choices=TransferMode.choices)
    transferred_on = models.DateField(_("转化日期"))
    value_cny = models.DecimalField(_("合同金额（元）"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-transferred_on"]
        verbose_name = _("成果转化")
        verbose_name_plural = pgettext_lazy("plural", "成果转化")
        # The yearly figures count distinct achievements by day: read from the index alone.
        indexes = [models.Index(fields=["transferred_on", "achievement"], name="transfer_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_cny__gte=0),
                name="transfer_value_not_negative",
                violation_error_message=_("合同金额不能为负数。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.achievement} → {self.recipient}"
