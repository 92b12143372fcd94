"""Research institutes, the platforms and business units above them, and yearly operations."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import BilingualNameMixin, TimeStampedModel
from techbridge.organisations.choices import OrganisationKind
from techbridge.organisations.models import Organisation

from .choices import FigureOrigin, Indicator, RevenueSource


class BusinessUnit(BilingualNameMixin, TimeStampedModel):
    """A specialised business unit of headquarters, organised by technical focus."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("专业事业部")
        verbose_name_plural = pgettext_lazy("plural", "专业事业部")


class InnovationPlatform(BilingualNameMixin, TimeStampedModel):
    """A parent platform grouping institutes (e.g. an advanced-materials institute group)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("专业事业部"),
        on_delete=models.PROTECT,
        related_name="platforms",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("创新平台")
        verbose_name_plural = pgettext_lazy("plural", "创新平台")


class ResearchInstitute(Organisation):
    """A professional research institute of the network."""

    organisation_kind = OrganisationKind.INSTITUTE

    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    technical_focus_zh = models.CharField(_("技术方向（中文）"), max_length=300)
    technical_focus_en = models.CharField(_("技术方向（英文）"), max_length=300, blank=True)
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("专业事业部"),
        on_delete=models.PROTECT,
        related_name="institutes",
    )
    platform = models.ForeignKey(
        InnovationPlatform,
        verbose_name=_("上级平台"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutes",
    )
    technology_fields = models.ManyToManyField(
        "core.TechnologyField", verbose_name=_("技术领域"), blank=True, related_name="institutes"
    )
    founding_year = models.PositiveSmallIntegerField(
        _("成立年份"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    joined_on = models.DateField(_("加入网络日期"), help_text=_("成为本网络研究所的日期"))
    need_capacity = models.PositiveSmallIntegerField(
        _("可同时承接需求数"), default=8, help_text=_("分配需求时的容量上限")
    )

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("研究所")
        verbose_name_plural = pgettext_lazy("plural", "研究所")
        constraints = [
            models.CheckConstraint(
                condition=Q(founding_year__gte=1950) & Q(founding_year__lte=2100),
                name="institute_founding_year_range",
            )
        ]


class RevenueRecord(TimeStampedModel):
    """An institute's revenue from one source in one year, in CNY."""

    institute = models.ForeignKey(
        ResearchInstitute,
        verbose_name=_("研究所"),
        on_delete=models.CASCADE,
        related_name="revenue_records",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    source = models.CharField(_("收入来源"), max_length=30, choices=RevenueSource.choices)
    amount_cny = models.DecimalField(_("金额（元）"), max_digits=16, decimal_places=2)
    origin = models.CharField(
        _("数据来源"), max_length=10, choices=FigureOrigin.choices, default=FigureOrigin.MANUAL
    )

    class Meta:
        ordering = ["-year", "institute__name_zh", "source"]
        verbose_name = _("收入记录")
        verbose_name_plural = pgettext_lazy("plural", "收入记录")
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "year", "source"], name="revenue_one_per_source_year"
            ),
            models.CheckConstraint(
                condition=Q(amount_cny__gte=0),
                name="revenue_not_negative",
                violation_error_message=_("收入金额不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institute} {self.year} {self.get_source_display()}"


class InstituteYear(TimeStampedModel):
    """Yearly operating figures of an institute that are not derived from other records."""

    institute = models.ForeignKey(
        ResearchInstitute,
        verbose_name=_("研究所"),
        on_delete=models.CASCADE,
        related_name="years",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    headcount = models.PositiveIntegerField(_("员工人数"))
    researchers = models.PositiveIntegerField(_("研发人员数"))
    origin = models.CharField(
        _("数据来源"), max_length=10, choices=FigureOrigin.choices, default=FigureOrigin.MANUAL
    )

    class Meta:
        ordering = ["-year", "institute__name_zh"]
        verbose_name = _("研究所年度数据")
        verbose_name_plural = pgettext_lazy("plural", "研究所年度数据")
        constraints = [
            models.UniqueConstraint(fields=["institute", "year"], name="institute_year_unique"),
            models.CheckConstraint(
                condition=Q(researchers__lte=models.F("headcount")),
                name="institute_researchers_within_headcount",
                violation_error_message=_("研发人员数不能超过员工人数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institute} {self.year}"


class EvaluationScheme(BilingualNameMixin, TimeStampedModel):
    """A configurable set of weighted indicators by which institutes are scored each year."""

    description = models.TextField(_("说明"), blank=True)
    is_default = models.BooleanField(_("默认方案"), default=False)

    class Meta:
        ordering = ["-is_default", "name_zh"]
        verbose_name = _("评价方案")
        verbose_name_plural = pgettext_lazy("plural", "评价方案")


class EvaluationWeight(TimeStampedModel):
    scheme = models.ForeignKey(
        EvaluationScheme,
        verbose_name=_("评价方案"),
        on_delete=models.CASCADE,
        related_name="weights",
    )
    indicator = models.CharField(_("指标"), max_length=40, choices=Indicator.choices)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["scheme", "-weight"]
        verbose_name = _("指标权重")
        verbose_name_plural = pgettext_lazy("plural", "指标权重")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "indicator"], name="weight_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100),
                name="weight_in_range",
                violation_error_message=_("权重须大于 0 且不超过 100。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.get_indicator_display()} {self.weight}"


class FundingAllocation(TimeStampedModel):
    """A confirmed performance-based allocation of a year's budget to one institute."""

    institute = models.ForeignKey(
        ResearchInstitute,
        verbose_name=_("研究所"),
        on_delete=models.CASCADE,
        related_name="funding_allocations",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name=_("评价方案"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("评分"), max_digits=7, decimal_places=2)
    amount_cny = models.DecimalField(_("拨款金额（元）"), max_digits=14, decimal_places=2)
    rule = models.JSONField(_("分配规则"), default=dict)

    class Meta:
        ordering = ["-year", "-amount_cny"]
        verbose_name = _("绩效拨款")
        verbose_name_plural = pgettext_lazy("plural", "绩效拨款")
        constraints = [
            models.UniqueConstraint(fields=["institute", "year"], name="allocation_one_per_year"),
            models.CheckConstraint(
                condition=Q(amount_cny__gte=0),
                name="allocation_not_negative",
                violation_error_message=_("拨款金额不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institute} {self.year}: {self.amount_cny}"
