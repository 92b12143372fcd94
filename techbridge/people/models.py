"""Experts with their profile documents, and project managers with their teams."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.choices import Language
from techbridge.core.keywords import split_keywords
from techbridge.core.models import TimeStampedModel

from .choices import AcademicTitle, ProfileDocumentKind, TeamRole


class BilingualPersonMixin(models.Model):
    name_zh = models.CharField(_("中文姓名"), max_length=100, blank=True)
    name_en = models.CharField(_("英文姓名"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_zh or self.name_en


class Expert(BilingualPersonMixin, TimeStampedModel):
    """A researcher or engineer whose knowledge the network can match to needs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("平台账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("现任职机构"),
        on_delete=models.PROTECT,
        related_name="experts",
    )
    title = models.CharField(_("职称"), max_length=30, choices=AcademicTitle.choices)
    country = models.CharField(_("国家/地区代码"), max_length=2, default="CN")
    email = models.EmailField(_("电子邮箱"), blank=True)
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        blank=True,
        db_index=True,
        help_text=_("例如 0000-0002-1825-0097"),
    )
    openalex_id = models.CharField(_("OpenAlex 作者编号"), max_length=20, blank=True)
    technology_fields = models.ManyToManyField(
        "core.TechnologyField", verbose_name=_("技术领域"), blank=True, related_name="experts"
    )
    bio_zh = models.TextField(_("中文简介"), blank=True)
    bio_en = models.TextField(_("英文简介"), blank=True)

    class Meta:
        ordering = ["name_zh", "name_en"]
        verbose_name = _("专家")
        verbose_name_plural = pgettext_lazy("plural", "专家")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_zh="") | ~Q(name_en=""),
                name="expert_has_a_name",
                violation_error_message=_("专家至少需要中文或英文姓名。"),
            )
        ]


class Affiliation(TimeStampedModel):
    """One position in an expert's affiliation history."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("机构"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    position = models.CharField(_("职务"), max_length=200)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        ordering = ["expert", "-start_date"]
        verbose_name = _("任职经历")
        verbose_name_plural = pgettext_lazy("plural", "任职经历")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="affiliation_dates_in_order",
                violation_error_message=_("结束日期不能早于开始日期。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} @ {self.organisation}"


class ProfileDocument(TimeStampedModel):
    """A publication, patent or past project on an expert's profile: the matcher's evidence."""

    # (found by the index of the expert and kind, which begins with the expert)
    expert = models.ForeignKey(
        Expert,
        verbose_name=_("专家"),
        on_delete=models.CASCADE,
        related_name="documents",
        db_index=False,
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ProfileDocumentKind.choices)
    title = models.CharField(_("标题"), max_length=500)
    abstract = models.TextField(_("摘要"), blank=True)
    language = models.CharField(_("语言"), max_length=2, choices=Language.choices)
    year = models.PositiveSmallIntegerField(_("年份"))
    venue = models.CharField(_("期刊/会议/专利号"), max_length=300, blank=True)
    keywords = models.CharField(
        _("关键词"), max_length=500, blank=True, help_text=_("多个关键词用逗号、分号或顿号分隔")
    )
    # Identifiers of the work: imports find the same work again by them (publications.merge).
    doi = models.CharField("DOI", max_length=200, blank=True, db_index=True)
    patent_number = models.CharField(_("专利公开号"), max_length=40, blank=True, db_index=True)
    patent_family = models.CharField(_("专利族"), max_length=40, blank=True)
    url = models.URLField(_("链接"), max_length=500, blank=True)
    title_key = models.CharField(_("标题检索键"), max_length=200, blank=True, db_index=True)
    #: Shared by the documents of one work on several experts' profiles ("" when hand-made).
    work_key = models.CharField(_("作品键"), max_length=220, blank=True, db_index=True)

    class Meta:
        ordering = ["expert", "-year", "title"]
        verbose_name = _("专家成果文档")
        verbose_name_plural = pgettext_lazy("plural", "专家成果文档")
        indexes = [models.Index(fields=["expert", "kind"], name="profiledoc_expert_kind_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def keyword_list(self) -> tuple[str, ...]:
        return split_keywords(self.keywords)


class ProjectManager(BilingualPersonMixin, TimeStampedModel):
    """A project manager introduced to lead an innovation or entrepreneurship project."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("平台账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_manager_profile",
    )
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("所在研究所"),
        on_delete=models.PROTECT,
        related_name="project_managers",
    )
    introduced_on = models.DateField(_("引进日期"))
    origin_country = models.CharField(_("引进自（国家/地区代码）"), max_length=2, default="CN")
    background = models.TextField(_("背景"), blank=True)
    project_title = models.CharField(_("创新创业项目"), max_length=300)
    technology_field = models.ForeignKey(
        "core.TechnologyField",
        verbose_name=_("技术领域"),
        on_delete=models.PROTECT,
        related_name="project_managers",
    )
    capacity = models.PositiveSmallIntegerField(
        _("可同时负责需求数"), default=5, help_text=_("分配需求时的容量上限")
    )

    class Meta:
        ordering = ["-introduced_on", "name_zh"]
        verbose_name = _("项目经理")
        verbose_name_plural = pgettext_lazy("plural", "项目经理")


class ProjectManagerTeamMember(TimeStampedModel):
    """A member of a project manager's team."""

    project_manager = models.ForeignKey(
        ProjectManager, verbose_name=_("项目经理"), on_delete=models.CASCADE, related_name="team"
    )
    name = models.CharField(_("姓名"), max_length=100)
    role = models.CharField(_("团队角色"), max_length=20, choices=TeamRole.choices)
    joined_on = models.DateField(_("加入日期"))

    class Meta:
        ordering = ["project_manager", "joined_on", "name"]
        verbose_name = _("项目经理团队成员")
        verbose_name_plural = pgettext_lazy("plural", "项目经理团队成员")

    def __str__(self) -> str:
        return self.name
