from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"


class ReportFileState(models.TextChoices):
    """A requested file waits in the queue, is rendered by a job worker, and ends done or
    failed (a failed job is retried by the queue after a back-off)."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


#: The states in which a file may still change (the page keeps polling while one is listed).
PENDING_STATES = (ReportFileState.QUEUED, ReportFileState.RUNNING)
