"""Fellows and Junior Fellows; graduate students trained under two supervisors."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import BilingualNameMixin, TimeStampedModel
from techbridge.people.models import BilingualPersonMixin

from .choices import Degree, FellowLevel, Term


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


class GraduateCohort(BilingualNameMixin, TimeStampedModel):
    """One year's intake of a partner university's joint programme ("JITRI University")."""

    university = models.ForeignKey(
        "organisations.University",
        verbose_name=_("合作高校"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    year = models.PositiveSmallIntegerField(_("入学年份"))

    class Meta:
        ordering = ["-year", "name_zh"]
        verbose_name = _("研究生培养批次")
        verbose_name_plural = pgettext_lazy("plural", "研究生培养批次")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="cohort_year_plausible",
                violation_error_message=_("入学年份须在 2000–2100 之间。"),
            ),
            models.UniqueConstraint(
                fields=["university", "year", "name_zh"],
                name="cohort_unique_per_university_year",
                violation_error_message=_("该高校当年已有同名批次。"),
            ),
        ]


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
    cohort = models.ForeignKey(
        GraduateCohort,
        verbose_name=_("培养批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="students",
    )
    degree = models.CharField(_("学位"), max_length=10, choices=Degree.choices)
    enrolled_on = models.DateField(_("入学日期"))
    graduated_on = models.DateField(_("毕业日期"), null=True, blank=True)
    project_title = models.CharField(_("培养项目"), max_length=300)

    class Meta:
        ordering = ["-enrolled_on", "name_zh"]
        verbose_name = _("联合培养研究生")
        verbose_name_plural = pgettext_lazy("plural", "联合培养研究生")
        # The yearly figures count students by enrolment day.
        indexes = [models.Index(fields=["enrolled_on"], name="student_enrolled_idx")]
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


class ProjectCourse(TimeStampedModel):
    """A project-based course taught jointly by an institute and a partner university."""

    title_zh = models.CharField(_("中文课程名"), max_length=200)
    title_en = models.CharField(_("英文课程名"), max_length=200, blank=True)
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("研究所"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    university = models.ForeignKey(
        "organisations.University",
        verbose_name=_("合作高校"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    year = models.PositiveSmallIntegerField(_("学年"))
    term = models.CharField(_("学期"), max_length=10, choices=Term.choices)
    credits = models.PositiveSmallIntegerField(_("学分"), default=2)
    students = models.ManyToManyField(
        GraduateStudent,
        verbose_name=_("选课学生"),
        through="CourseEnrolment",
        related_name="courses",
        blank=True,
    )

    class Meta:
        ordering = ["-year", "term", "title_zh"]
        verbose_name = _("项目制课程")
        verbose_name_plural = pgettext_lazy("plural", "项目制课程")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="course_year_plausible",
                violation_error_message=_("学年须在 2000–2100 之间。"),
            ),
            models.CheckConstraint(
                condition=Q(credits__gte=1) & Q(credits__lte=20),
                name="course_credits_in_range",
                violation_error_message=_("学分须在 1–20 之间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if translation.get_language() == "en" and self.title_en:
            return self.title_en
        return self.title_zh


class CourseEnrolment(TimeStampedModel):
    """A student taking a project-based course, with the grade once it is marked."""

    course = models.ForeignKey(
        ProjectCourse, verbose_name=_("课程"), on_delete=models.CASCADE, related_name="enrolments"
    )
    student = models.ForeignKey(
        GraduateStudent,
        verbose_name=_("学生"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    grade = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("是否通过"), null=True, blank=True)

    class Meta:
        ordering = ["course", "student"]
        verbose_name = _("选课记录")
        verbose_name_plural = pgettext_lazy("plural", "选课记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | (Q(grade__gte=0) & Q(grade__lte=100)),
                name="enrolment_grade_0_100",
                violation_error_message=_("成绩须在 0–100 之间。"),
            ),
            models.UniqueConstraint(
                fields=["course", "student"],
                name="enrolment_unique",
                violation_error_message=_("该学生已选此课程。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.course}"
