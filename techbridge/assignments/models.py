"""Assigning batches of needs to project managers and institutes, and declared conflicts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import TimeStampedModel

from .choices import HandlerType, RunStatus

_ONE_HANDLER = (Q(project_manager__isnull=False) & Q(institute__isnull=True)) | (
    Q(project_manager__isnull=True) & Q(institute__isnull=False)
)


class DeclaredConflict(TimeStampedModel):
    """A conflict of interest declared by a handler or by staff: never assigned."""

    project_manager = models.ForeignKey(
        "people.ProjectManager",
        verbose_name=_("项目经理"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("研究所"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    enterprise = models.ForeignKey(
        "organisations.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    reason = models.CharField(_("原因"), max_length=300)

    class Meta:
        ordering = ["enterprise", "id"]
        verbose_name = _("利益冲突声明")
        verbose_name_plural = pgettext_lazy("plural", "利益冲突声明")
        constraints = [
            models.CheckConstraint(
                condition=_ONE_HANDLER,
                name="conflict_one_handler",
                violation_error_message=_("请在项目经理和研究所中选择一个。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_manager or self.institute} ⟂ {self.enterprise}"


class AssignmentRun(TimeStampedModel):
    """One solve over a batch of needs; staff review, adjust and confirm it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="assignment_runs",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    handlers_per_need = models.PositiveSmallIntegerField(_("每项需求的处理人数"), default=2)
    needs = models.ManyToManyField(
        "needs.TechnologyNeed", verbose_name=_("技术需求"), related_name="assignment_runs"
    )
    objective = models.FloatField(_("匹配质量合计"), default=0)
    unmet = models.PositiveIntegerField(_("未满足的名额"), default=0)
    diagnosis = models.JSONField(_("诊断"), default=list, blank=True)
    solve_seconds = models.FloatField(_("求解用时（秒）"), default=0)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("调整自"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("分配方案")
        verbose_name_plural = pgettext_lazy("plural", "分配方案")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"


class AssignmentProposal(TimeStampedModel):
    """One need–handler pair of a run, with its match quality and staff adjustments."""

    run = models.ForeignKey(
        AssignmentRun,
        verbose_name=_("分配方案"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    need = models.ForeignKey(
        "needs.TechnologyNeed",
        verbose_name=_("技术需求"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    handler_type = models.CharField(_("处理人类型"), max_length=20, choices=HandlerType.choices)
    project_manager = models.ForeignKey(
        "people.ProjectManager",
        verbose_name=_("项目经理"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("研究所"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    quality = models.FloatField(_("匹配质量"))
    pinned = models.BooleanField(_("人工指定"), default=False)

    class Meta:
        ordering = ["run", "need", "-quality"]
        verbose_name = _("分配建议")
        verbose_name_plural = pgettext_lazy("plural", "分配建议")
        constraints = [models.CheckConstraint(condition=_ONE_HANDLER, name="proposal_one_handler")]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.project_manager or self.institute}"

    @property
    def handler(self) -> object:
        return self.project_manager or self.institute

    @property
    def handler_key(self) -> str:
        if self.project_manager_id:
            return f"pm:{self.project_manager_id}"
        return f"inst:{self.institute_id}"


class NeedAssignment(TimeStampedModel):
    """A confirmed handler of a need."""

    need = models.ForeignKey(
        "needs.TechnologyNeed",
        verbose_name=_("技术需求"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    project_manager = models.ForeignKey(
        "people.ProjectManager",
        verbose_name=_("项目经理"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("研究所"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="need_assignments",
    )
    run = models.ForeignKey(
        AssignmentRun,
        verbose_name=_("分配方案"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["need", "id"]
        verbose_name = _("需求分配")
        verbose_name_plural = pgettext_lazy("plural", "需求分配")
        constraints = [
            models.CheckConstraint(condition=_ONE_HANDLER, name="assignment_one_handler")
        ]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.project_manager or self.institute}"
