"""Organisations of the network: headquarters, enterprises, universities, overseas partners.

Research institutes live in ``techbridge.institutes``; they, like the kinds here, extend
:class:`Organisation` so that users, contracts and parties can point at any organisation.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.choices import Region
from techbridge.core.models import BilingualNameMixin, TimeStampedModel

from .choices import EnterpriseSize, OrganisationKind, PartnerType


class Organisation(BilingualNameMixin, TimeStampedModel):
    """Any organisation in the network. ``kind`` says which detail table extends it."""

    kind = models.CharField(_("类型"), max_length=30, choices=OrganisationKind.choices)
    region = models.CharField(
        _("地区"), max_length=30, choices=Region.choices, default=Region.NANJING
    )
    country = models.CharField(_("国家/地区代码"), max_length=2, default="CN")
    city = models.CharField(_("城市"), max_length=100, blank=True)
    website = models.URLField(_("网站"), blank=True)
    description = models.TextField(_("简介"), blank=True)

    #: The kind a detail subclass always has; ``None`` on the base lets the user choose.
    organisation_kind: str | None = None

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("机构")
        verbose_name_plural = pgettext_lazy("plural", "机构")
        indexes = [models.Index(fields=["kind"], name="organisation_kind_idx")]

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        # A new enterprise or partner (a form, a register import) is validated before it is
        # saved: its kind is its detail table's, not a value the user gives.
        if self.organisation_kind:
            self.kind = self.organisation_kind
        super().full_clean(*args, **kwargs)

    def save(self, *args: object, **kwargs: object) -> None:
        if self.organisation_kind:
            self.kind = self.organisation_kind
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Enterprise(Organisation):
    """A company that brings technology needs (directly or through a JIC)."""

    organisation_kind = OrganisationKind.ENTERPRISE

    industry = models.ForeignKey(
        "core.Industry",
        verbose_name=_("行业"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    size = models.CharField(_("规模"), max_length=10, choices=EnterpriseSize.choices)
    unified_credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, help_text=_("18 位代码")
    )
    competitors = models.ManyToManyField(
        "self", verbose_name=_("竞争对手"), blank=True, symmetrical=True
    )

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("企业")
        verbose_name_plural = pgettext_lazy("plural", "企业")


class University(Organisation):
    """A university, in China or abroad, that co-trains students and employs experts."""

    organisation_kind = OrganisationKind.UNIVERSITY

    is_partner = models.BooleanField(_("研究生联合培养合作高校"), default=False)

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("高校")
        verbose_name_plural = pgettext_lazy("plural", "高校")


class OverseasPartner(Organisation):
    """An overseas university department, research organisation or company."""

    organisation_kind = OrganisationKind.OVERSEAS_PARTNER

    partner_type = models.CharField(_("合作伙伴类型"), max_length=30, choices=PartnerType.choices)
    parent_name = models.CharField(
        _("所属大学或集团"), max_length=200, blank=True, help_text=_("例如 Harvard University")
    )
    department = models.CharField(_("院系/部门"), max_length=200, blank=True)
    technology_fields = models.ManyToManyField(
        "core.TechnologyField", verbose_name=_("技术领域"), blank=True, related_name="partners"
    )

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("海外合作伙伴")
        verbose_name_plural = pgettext_lazy("plural", "海外合作伙伴")


class PartnershipAgreement(TimeStampedModel):
    """A dated agreement with an overseas partner; its first one dates the partnership."""

    partner = models.ForeignKey(
        OverseasPartner,
        verbose_name=_("海外合作伙伴"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    title = models.CharField(_("协议名称"), max_length=300)
    scope = models.TextField(_("合作范围"), blank=True)
    signed_on = models.DateField(_("签署日期"))
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("到期日期"), null=True, blank=True)

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("合作协议")
        verbose_name_plural = pgettext_lazy("plural", "合作协议")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="agreement_dates_in_order",
                violation_error_message=_("到期日期不能早于生效日期。"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class JointProject(BilingualNameMixin, TimeStampedModel):
    """A research project run by an institute together with an overseas partner."""

    partner = models.ForeignKey(
        OverseasPartner,
        verbose_name=_("海外合作伙伴"),
        on_delete=models.CASCADE,
        related_name="joint_projects",
    )
    agreement = models.ForeignKey(
        PartnershipAgreement,
        verbose_name=_("依据协议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_projects",
    )
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("合作研究所"),
        on_delete=models.PROTECT,
        related_name="joint_projects",
    )
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    budget_cny = models.DecimalField(_("预算（元）"), max_digits=14, decimal_places=2, default=0)
    experts = models.ManyToManyField(
        "people.Expert", verbose_name=_("参与专家"), blank=True, related_name="joint_projects"
    )

    class Meta:
        ordering = ["-started_on", "name_zh"]
        verbose_name = _("国际合作项目")
        verbose_name_plural = pgettext_lazy("plural", "国际合作项目")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="joint_project_dates_in_order",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(budget_cny__gte=0),
                name="joint_project_budget_not_negative",
                violation_error_message=_("预算不能为负数。"),
            ),
        ]
