"""The report files staff request: rendered by a job, kept in media storage, downloaded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import TimeStampedModel
from techbridge.core.permissions import is_network_staff

from .choices import PENDING_STATES, ReportFileState, ReportFormat

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportFileQuerySet(models.QuerySet["ReportFile"]):
    def of(self, user: AbstractBaseUser | AnonymousUser) -> ReportFileQuerySet:
        """The files ``user`` requested, while they are network staff; none otherwise."""
        if not is_network_staff(user):
            return self.none()
        return self.filter(requested_by=user)

    def pending(self) -> ReportFileQuerySet:
        return self.filter(state__in=PENDING_STATES)


def report_file_path(instance: ReportFile, filename: str) -> str:
    # One folder per request: a rerun of its job overwrites the file instead of adding one.
    return f"reports/{instance.pk}/{filename}"


class ReportFile(TimeStampedModel):
    """The annual report of a year as a PDF or Excel file, requested by a staff member and
    rendered by the job ``techbridge.reports.jobs.render_annual``."""

    year = models.PositiveSmallIntegerField(_("年度"))
    fmt = models.CharField(_("格式"), max_length=4, choices=ReportFormat.choices)
    language = models.CharField(_("语言"), max_length=10, default=settings.LANGUAGE_CODE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=ReportFileState.choices, default=ReportFileState.QUEUED
    )
    file = models.FileField(_("文件"), upload_to=report_file_path, blank=True)
    error = models.TextField(_("错误"), blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    # A rendering of records that are audited themselves.
    audited = False

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "year"], name="reportfile_requester_year")]
        # Written by the platform only (never through a form): no messages to translate.
        constraints = [
            models.CheckConstraint(
                condition=Q(fmt__in=ReportFormat.values), name="reportfile_known_format"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReportFileState.values), name="reportfile_known_state"
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportFileState.DONE) | ~Q(file=""),
                name="reportfile_done_has_file",
            ),
        ]
        verbose_name = _("年度报告文件")
        verbose_name_plural = pgettext_lazy("plural", "年度报告文件")

    def __str__(self) -> str:
        return self.download_name

    @property
    def download_name(self) -> str:
        """The name the file is stored and downloaded under."""
        return f"annual-report-{self.year}.{self.fmt}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[ReportFormat(self.fmt)]
