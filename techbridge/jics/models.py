"""Joint Innovation Centers: an enterprise and an institute that collect needs together."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import BilingualNameMixin, TimeStampedModel


class JointInnovationCenter(BilingualNameMixin, TimeStampedModel):
    """A JIC built with a leading enterprise; documents its needs and plans investment."""

    enterprise = models.ForeignKey(
        "organisations.Enterprise",
        verbose_name=_("合作企业"),
        on_delete=models.PROTECT,
        related_name="jics",
    )
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("共建研究所"),
        on_delete=models.PROTECT,
        related_name="jics",
    )
    established_on = models.DateField(_("成立日期"))
    period_start = models.DateField(_("合作期开始"))
    period_end = models.DateField(_("合作期结束"))
    planned_investment_cny = models.DecimalField(
        _("计划投入（元）"), max_digits=14, decimal_places=2
    )
    committed_investment_cny = models.DecimalField(
        _("已承诺投入（元）"), max_digits=14, decimal_places=2, default=0
    )
    spent_investment_cny = models.DecimalField(
        _("已投入（元）"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        ordering = ["-established_on", "name_zh"]
        verbose_name = _("联合创新中心")
        verbose_name_plural = pgettext_lazy("plural", "联合创新中心")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="jic_period_in_order",
                violation_error_message=_("合作期结束日期必须晚于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(planned_investment_cny__gte=0)
                & Q(committed_investment_cny__gte=0)
                & Q(spent_investment_cny__gte=0),
                name="jic_investment_not_negative",
                violation_error_message=_("投入金额不能为负数。"),
            ),
        ]
