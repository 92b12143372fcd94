"""Industry chains: the links of an industry, the key technologies of each link, and the
records (needs, institutes, experts, achievements, contracts, spin-offs) mapped to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import BilingualNameMixin, TimeStampedModel

from .choices import MappingSource, RecordType


class BilingualDescriptionMixin(models.Model):
    description_zh = models.TextField(_("中文说明"), blank=True)
    description_en = models.TextField(_("英文说明"), blank=True)

    class Meta:
        abstract = True

    @property
    def description(self) -> str:
        if translation.get_language() == "en" and self.description_en:
            return self.description_en
        return self.description_zh or self.description_en


class IndustryChain(BilingualNameMixin, BilingualDescriptionMixin, TimeStampedModel):
    """An industry seen as a chain of links, from materials to applications."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    industry = models.ForeignKey(
        "core.Industry",
        verbose_name=_("行业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chains",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("产业技术链")
        verbose_name_plural = pgettext_lazy("plural", "产业技术链")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("chains:detail", args=[self.pk])


class ChainLink(BilingualNameMixin, TimeStampedModel):
    """One link of a chain (for example 'epitaxy'), in chain order."""

    chain = models.ForeignKey(
        IndustryChain, verbose_name=_("技术链"), on_delete=models.CASCADE, related_name="links"
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["chain", "order"]
        verbose_name = _("链条环节")
        verbose_name_plural = pgettext_lazy("plural", "链条环节")
        constraints = [
            models.UniqueConstraint(fields=["chain", "order"], name="chainlink_order_unique"),
        ]


class KeyTechnology(BilingualNameMixin, BilingualDescriptionMixin, TimeStampedModel):
    """A key technology a link depends on, optionally tied to a technology field."""

    link = models.ForeignKey(
        ChainLink,
        verbose_name=_("链条环节"),
        on_delete=models.CASCADE,
        related_name="technologies",
    )
    technology_field = models.ForeignKey(
        "core.TechnologyField",
        verbose_name=_("技术领域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_technologies",
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["link__chain", "link__order", "order"]
        verbose_name = _("关键技术")
        verbose_name_plural = pgettext_lazy("plural", "关键技术")
        constraints = [
            models.UniqueConstraint(fields=["link", "order"], name="keytech_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("chains:technology", args=[self.pk])


class TechnologyMapping(TimeStampedModel):
    """A record mapped to a key technology: suggested by the engine or decided by staff."""

    key_technology = models.ForeignKey(
        KeyTechnology,
        verbose_name=_("关键技术"),
        on_delete=models.CASCADE,
        related_name="mappings",
    )
    record_type = models.CharField(_("记录类型"), max_length=20, choices=RecordType.choices)
    record_id = models.PositiveIntegerField(_("记录编号"))
    source = models.CharField(
        _("来源"), max_length=20, choices=MappingSource.choices, default=MappingSource.SUGGESTED
    )
    score = models.FloatField(_("匹配得分"), null=True, blank=True)
    explanation = models.TextField(_("匹配说明"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["key_technology", "record_type", "-score", "record_id"]
        verbose_name = _("技术映射")
        verbose_name_plural = pgettext_lazy("plural", "技术映射")
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="mapping_record_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key_technology", "record_type", "record_id"],
                name="mapping_one_per_record",
                violation_error_message=_("该记录已映射到此关键技术。"),
            ),
            models.CheckConstraint(
                condition=Q(record_type__in=RecordType.values),
                name="mapping_record_type_valid",
                violation_error_message=_("记录类型无效。"),
            ),
            models.CheckConstraint(
                condition=Q(source__in=MappingSource.values),
                name="mapping_source_valid",
                violation_error_message=_("来源无效。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_technology} · {self.get_record_type_display()} #{self.record_id}"
