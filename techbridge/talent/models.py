"""Fellows and Junior Fellows; graduate students trained under two supervisors."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import TimeStampedModel
from techbridge.people.models import BilingualPersonMixin

from .choices import Degree, FellowLevel


class Fellow(TimeStampedModel):
    """An outstanding researcher hired into the Fellows programme."""

    expert = models.ForeignKey(
        "people.Expert",
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="fellowships",
    )
    level = models.CharField(_("级别"), max_length=20, choices=FellowLevel.choices)
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("研究所"),
        on_delete=models.PROTECT,
        related_name="fellows",
    )
    technology_field = models.ForeignKey(
        "core.TechnologyField", verbose_name=_("领域"), on_delete=models.PROTECT, related_name="+"
    )
    hired_on = models.DateField(_("聘任日期"))

    class Meta:
        ordering = ["-hired_on"]
        verbose_name = _("集萃研究员")
        verbose_name_plural = pgettext_lazy("plural", "集萃研究员")

    def __str__(self) -> str:
        return f"{self.expert} ({self.get_level_display()})"


class GraduateStudent(BilingualPersonMixin, TimeStampedModel):
    """A jointly trained graduate: one supervisor at the university, one at the institute."""

    university = models.ForeignKey(
        "organisations.University",
        verbose_name=_("合作高校"),
        on_delete=models.PROTECT,
        related_name="students",
    )
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("研究所"),
        on_delete=models.PROTECT,
        related_name="students",
    )
    university_supervisor = models.ForeignKey(
        "people.Expert",
        verbose_name=_("高校导师"),
        on_delete=models.PROTECT,
        related_name="university_students",
    )
    institute_supervisor = models.ForeignKey(
        "people.Expert",
        verbose_name=_("研究所导师"),
        on_delete=models.PROTECT,
        related_name="institute_students",
    )
    degree = models.CharField(_("学位"), max_length=10, choices=Degree.choices)
    enrolled_on = models.DateField(_("入学日期"))
    graduated_on = models.DateField(_("毕业日期"), null=True, blank=True)
    project_title = models.CharField(_("培养项目"), max_length=300)

    class Meta:
        ordering = ["-enrolled_on", "name_zh"]
        verbose_name = _("联合培养研究生")
        verbose_name_plural = pgettext_lazy("plural", "联合培养研究生")
        constraints = [
            models.CheckConstraint(
                condition=~Q(university_supervisor=F("institute_supervisor")),
                name="student_two_distinct_supervisors",
                violation_error_message=_("高校导师与研究所导师必须是两位不同的专家。"),
            ),
            models.CheckConstraint(
                condition=Q(graduated_on__isnull=True) | Q(graduated_on__gt=F("enrolled_on")),
                name="student_dates_in_order",
                violation_error_message=_("毕业日期必须晚于入学日期。"),
            ),
        ]
