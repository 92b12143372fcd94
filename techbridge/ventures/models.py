"""Spin-off enterprises and their investment rounds."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import BilingualNameMixin, TimeStampedModel

from .choices import RoundKind, SpinOffStatus

_PERCENT = Q(institute_equity_pct__gte=0) & Q(institute_equity_pct__lte=100)


class SpinOff(BilingualNameMixin, TimeStampedModel):
    """A new enterprise spun off from an institute, often led by a project manager."""

    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("孵化研究所"),
        on_delete=models.PROTECT,
        related_name="spinoffs",
    )
    project_manager = models.ForeignKey(
        "people.ProjectManager",
        verbose_name=_("项目经理"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spinoffs",
    )
    technology_field = models.ForeignKey(
        "core.TechnologyField",
        verbose_name=_("技术领域"),
        on_delete=models.PROTECT,
        related_name="spinoffs",
    )
    founded_on = models.DateField(_("成立日期"))
    registered_capital_cny = models.DecimalField(
        _("注册资本（元）"), max_digits=14, decimal_places=2
    )
    institute_equity_pct = models.DecimalField(
        _("研究所持股比例（%）"), max_digits=5, decimal_places=2
    )
    network_equity_pct = models.DecimalField(
        _("总部/网络持股比例（%）"), max_digits=5, decimal_places=2, default=0
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=SpinOffStatus.choices, default=SpinOffStatus.ACTIVE
    )
    #: Set when the status leaves "active": the day of the sale, listing or closure.
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    exit_proceeds_cny = models.DecimalField(
        _("退出回收金额（元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("研究所与网络出售股权收回的金额"),
    )

    class Meta:
        ordering = ["-founded_on", "name_zh"]
        verbose_name = _("衍生企业")
        verbose_name_plural = pgettext_lazy("plural", "衍生企业")
        constraints = [
            models.CheckConstraint(
                condition=_PERCENT
                & Q(network_equity_pct__gte=0)
                & Q(network_equity_pct__lte=100 - F("institute_equity_pct")),
                name="spinoff_equity_within_100",
                violation_error_message=_("持股比例须在 0–100%% 之间，合计不超过 100%%。"),
            ),
            models.CheckConstraint(
                condition=Q(registered_capital_cny__gte=0),
                name="spinoff_capital_not_negative",
                violation_error_message=_("注册资本不能为负数。"),
            ),
            models.CheckConstraint(
                condition=(Q(status=SpinOffStatus.ACTIVE) & Q(exited_on__isnull=True))
                | (~Q(status=SpinOffStatus.ACTIVE) & Q(exited_on__gte=F("founded_on"))),
                name="spinoff_exit_matches_status",
                violation_error_message=_(
                    "存续企业不能有退出日期；已退出的企业须有不早于成立日期的退出日期。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(exit_proceeds_cny__isnull=True)
                | (Q(exit_proceeds_cny__gte=0) & Q(exited_on__isnull=False)),
                name="spinoff_exit_proceeds_valid",
                violation_error_message=_("退出回收金额不能为负，且仅在有退出日期时填写。"),
            ),
        ]


class InvestmentRound(TimeStampedModel):
    spinoff = models.ForeignKey(
        SpinOff, verbose_name=_("衍生企业"), on_delete=models.CASCADE, related_name="rounds"
    )
    kind = models.CharField(_("轮次"), max_length=20, choices=RoundKind.choices)
    closed_on = models.DateField(_("交割日期"))
    amount_cny = models.DecimalField(_("融资金额（元）"), max_digits=14, decimal_places=2)
    grant_cny = models.DecimalField(_("其中拨款（元）"), max_digits=14, decimal_places=2, default=0)
    pre_money_valuation_cny = models.DecimalField(
        _("投前估值（元）"), max_digits=16, decimal_places=2
    )
    post_money_valuation_cny = models.DecimalField(
        _("投后估值（元）"), max_digits=16, decimal_places=2
    )
    investors = models.CharField(_("投资方"), max_length=500, blank=True)

    class Meta:
        ordering = ["spinoff", "closed_on"]
        verbose_name = _("融资轮次")
        verbose_name_plural = pgettext_lazy("plural", "融资轮次")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cny__gte=0)
                & Q(grant_cny__gte=0)
                & Q(grant_cny__lte=F("amount_cny")),
                name="round_amounts_valid",
                violation_error_message=_("金额不能为负，拨款不能超过融资金额。"),
            ),
            models.CheckConstraint(
                condition=Q(post_money_valuation_cny__gte=F("pre_money_valuation_cny")),
                name="round_post_money_at_least_pre",
                violation_error_message=_("投后估值不能低于投前估值。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spinoff} {self.get_kind_display()}"


class EquityStake(TimeStampedModel):
    """An institute's equity in an enterprise: a conflict of interest when assigning needs."""

    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("研究所"),
        on_delete=models.CASCADE,
        related_name="equity_stakes",
    )
    enterprise = models.ForeignKey(
        "organisations.Enterprise",
        verbose_name=_("被投企业"),
        on_delete=models.CASCADE,
        related_name="institute_stakes",
    )
    equity_pct = models.DecimalField(_("持股比例（%）"), max_digits=5, decimal_places=2)
    acquired_on = models.DateField(_("取得日期"))

    class Meta:
        ordering = ["institute", "-acquired_on"]
        verbose_name = _("研究所持股")
        verbose_name_plural = pgettext_lazy("plural", "研究所持股")
        constraints = [
            models.CheckConstraint(
                condition=Q(equity_pct__gt=0) & Q(equity_pct__lte=100),
                name="stake_pct_in_range",
                violation_error_message=_("持股比例须大于 0 且不超过 100%%。"),
            ),
            models.UniqueConstraint(fields=["institute", "enterprise"], name="stake_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.institute} → {self.enterprise} ({self.equity_pct}%)"
