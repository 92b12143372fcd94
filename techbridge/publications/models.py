"""Imported publication and patent records: the runs that brought them, the works they describe,
where each work came from, and which expert each author is.

A **work** is one paper or patent, however many files and services name it (merged by DOI,
patent family or number, or normalised title + year + first author: ``merge.py``). Each
expert linked to one of its authors gets a ``people.ProfileDocument`` of it (the matcher's
evidence, one expert per document); the documents of one work share its ``key`` as their
``work_key``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import TimeStampedModel
from techbridge.people.choices import ProfileDocumentKind

from .choices import ImportMode, ImportStatus, LinkStatus


class ImportRun(TimeStampedModel):
    """One file (or one online fetch) imported: its report, progress and counts."""

    file = models.FileField(_("文件"), upload_to="publication-imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    source_format = models.CharField(_("格式"), max_length=20, blank=True)
    mode = models.CharField(
        _("导入方式"), max_length=20, choices=ImportMode.choices, default=ImportMode.PARTIAL
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    #: Whose experts the authors may be linked to (an institute's); null: the whole network.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("限于机构的专家"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publication_imports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publication_imports",
    )
    language = models.CharField(_("报告语言"), max_length=10, default="zh-hans")
    total = models.PositiveIntegerField(_("记录总数"), default=0)
    #: The last record position whose batch has committed: a rerun continues after it.
    position_done = models.PositiveIntegerField(_("已完成到第几条"), default=0)
    read_count = models.PositiveIntegerField(_("读取"), default=0)
    linked_count = models.PositiveIntegerField(_("自动关联"), default=0)
    review_count = models.PositiveIntegerField(_("待审核"), default=0)
    merged_count = models.PositiveIntegerField(_("合并"), default=0)
    created_count = models.PositiveIntegerField(_("新建"), default=0)
    unchanged_count = models.PositiveIntegerField(_("已导入过"), default=0)
    rejected_count = models.PositiveIntegerField(_("拒收"), default=0)
    #: Links of the review queue (of this or earlier runs) that the evidence this run added
    #: made sure, linked automatically at its end.
    promoted_count = models.PositiveIntegerField(_("待审核转自动关联"), default=0)
    #: The newest run of the re-check of the review queue that counted this run's links
    #: (``services.recheck_queue_job``; null: not re-checked yet): the links that re-check
    #: promoted are credited to that run.
    recheck_batch = models.PositiveIntegerField(_("复核批次"), null=True, blank=True)
    #: ``[{"position", "record_id", "code", "detail"}]``, read by ``errors.py``.
    errors = models.JSONField(_("错误报告"), default=list, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("论文与专利导入")
        verbose_name_plural = pgettext_lazy("plural", "论文与专利导入")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def rechecked(self) -> bool:
        """Whether the review queue has been re-checked with this run's links."""
        return self.recheck_batch is not None

    COUNTS = (
        "read_count",
        "created_count",
        "merged_count",
        "unchanged_count",
        "linked_count",
        "review_count",
        "rejected_count",
        "promoted_count",
    )


class Work(TimeStampedModel):
    """One paper or patent, merged from every record that names it."""

    key = models.CharField(_("作品键"), max_length=220, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=ProfileDocumentKind.choices)
    title = models.CharField(_("标题"), max_length=500)
    abstract = models.TextField(_("摘要"), blank=True)
    language = models.CharField(_("语言"), max_length=2)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    venue = models.CharField(_("期刊/会议/专利局"), max_length=300, blank=True)
    keywords = models.CharField(_("关键词"), max_length=500, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True, db_index=True)
    patent_number = models.CharField(_("专利公开号"), max_length=40, blank=True, db_index=True)
    patent_family = models.CharField(_("专利族"), max_length=40, blank=True, db_index=True)
    url = models.URLField(_("链接"), max_length=500, blank=True)
    title_key = models.CharField(_("标题检索键"), max_length=200, db_index=True)
    first_author_key = models.CharField(_("第一作者键"), max_length=100, blank=True)
    #: ``[{"name", "orcid", "affiliation"}]`` in the record's order.
    authors = models.JSONField(_("作者"), default=list, blank=True)
    #: A patent's applicants (organisations or people), in the record's order: where its
    #: inventors, who rarely give an affiliation, usually work.
    applicants = models.JSONField(pgettext_lazy("patent", "申请人"), default=list, blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("作品")
        verbose_name_plural = pgettext_lazy("plural", "作品")

    def __str__(self) -> str:
        return self.title


class DocumentSource(TimeStampedModel):
    """Where a work was read: one row per source record, so a work keeps every source."""

    # (found by the unique constraint's index, which begins with the work)
    work = models.ForeignKey(
        Work,
        verbose_name=_("作品"),
        on_delete=models.CASCADE,
        related_name="sources",
        db_index=False,
    )
    run = models.ForeignKey(
        ImportRun, verbose_name=_("导入"), on_delete=models.CASCADE, related_name="sources"
    )
    source_format = models.CharField(_("来源格式"), max_length=20)
    source_id = models.CharField(_("来源编号"), max_length=200, blank=True)
    #: ``source_id`` or, without one, the file and position: the same source record twice is
    #: one source (a re-imported file adds nothing).
    source_key = models.CharField(_("来源键"), max_length=300)
    file_name = models.CharField(_("文件名"), max_length=255)
    position = models.PositiveIntegerField(_("记录序号"))
    imported_on = models.DateField(_("导入日期"))

    class Meta:
        ordering = ["work", "imported_on", "pk"]
        verbose_name = _("作品来源")
        verbose_name_plural = pgettext_lazy("plural", "作品来源")
        constraints = [
            models.UniqueConstraint(
                fields=["work", "source_format", "source_key"], name="document_source_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_format}:{self.source_id or self.position} → {self.work_id}"


class AuthorLink(TimeStampedModel):
    """An author (or inventor) of a work and the expert they are taken to be."""

    # (found by the unique constraint's index, which begins with the work)
    work = models.ForeignKey(
        Work,
        verbose_name=_("作品"),
        on_delete=models.CASCADE,
        related_name="author_links",
        db_index=False,
    )
    run = models.ForeignKey(
        ImportRun,
        verbose_name=_("导入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_links",
    )
    position = models.PositiveSmallIntegerField(_("作者位次"))
    name = models.CharField(_("署名"), max_length=200)
    orcid = models.CharField("ORCID iD", max_length=19, blank=True)
    affiliation = models.CharField(_("署名单位"), max_length=500, blank=True)
    expert = models.ForeignKey(
        "people.Expert",
        verbose_name=_("专家"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="author_links",
    )
    confidence = models.FloatField(_("置信度"), default=0.0)
    status = models.CharField(_("状态"), max_length=10, choices=LinkStatus.choices)
    #: Why: ``["orcid", "email", "name_zh", "pinyin", "initials", "affiliation", "coauthor"]``.
    reasons = models.JSONField(_("依据"), default=list, blank=True)
    #: The other candidates: ``[{"expert": id, "confidence": x, "reasons": [...]}]``.
    candidates = models.JSONField(_("其他候选"), default=list, blank=True)
    #: The profile document this link put on the expert's profile (deleted with the link).
    document = models.OneToOneField(
        "people.ProfileDocument",
        verbose_name=_("专家成果文档"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_link",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    #: The newest run of the re-check whose evidence made this link of the review queue sure,
    #: and what the link was before: undoing any run that re-check counted puts it back.
    promoted_by = models.ForeignKey(
        ImportRun,
        verbose_name=_("转为自动关联的导入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promoted_links",
    )
    #: ``{"confidence", "reasons", "candidates"}`` as they were in the review queue.
    promoted_from = models.JSONField(_("转换前"), default=dict, blank=True)

    class Meta:
        ordering = ["work", "position"]
        verbose_name = _("作者关联")
        verbose_name_plural = pgettext_lazy("plural", "作者关联")
        constraints = [
            models.UniqueConstraint(fields=["work", "position"], name="author_link_unique"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="author_link_confidence_0_1",
                violation_error_message=_("置信度须在 0 到 1 之间。"),
            ),
        ]
        indexes = [models.Index(fields=["status", "expert"], name="author_link_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} → {self.expert_id or '-'} ({self.status})"
