"""The annual report's PDF and Excel files: requested on the page, rendered by a job.

A request creates a :class:`~techbridge.reports.models.ReportFile` and queues
:func:`render_annual` after it commits; the page lists the requester's files and polls until
each is done or failed; the finished file is served from media storage to its requester only.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from techbridge.core import jobs

from .annual import build_annual_report, render_pdf, render_xlsx
from .choices import PENDING_STATES, ReportFileState, ReportFormat
from .models import ReportFile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

log = logging.getLogger(__name__)


def request_annual_file(user: AbstractBaseUser, year: int, fmt: str, language: str) -> ReportFile:
    """Record ``user``'s request for the ``year`` report as ``fmt`` in ``language`` and queue
    its rendering (which runs once the request commits). A second click while the same file
    is still being rendered gets that request back, not a second file."""
    pending = ReportFile.objects.filter(
        requested_by_id=user.pk,
        year=year,
        fmt=fmt,
        language=language,
        state__in=PENDING_STATES,
    ).first()
    if pending is not None:
        return pending
    with transaction.atomic():
        report_file = ReportFile.objects.create(
            year=year, fmt=ReportFormat(fmt), language=language, requested_by_id=user.pk
        )
        jobs.enqueue("techbridge.reports.jobs.render_annual", report_file.pk, name="annual-report")
    return report_file


def _render(report_file: ReportFile) -> bytes:
    with translation.override(report_file.language):
        report = build_annual_report(report_file.year, user=report_file.requested_by)
        if report_file.fmt == ReportFormat.PDF:
            return render_pdf(report, report_file.language)
        return render_xlsx(report, report_file.language)


def render_annual(report_file_id: int) -> str:
    """The job: render the requested file, store it and mark it done, or mark it failed with
    the error and raise (the queue then runs it again after a back-off).

    Run again, it does nothing to a done file; after a run killed before it committed, it
    writes the file again at the same path (one folder per request), so a request never
    leaves two files.
    """
    with transaction.atomic():
        report_file = (
            ReportFile.objects.select_for_update()
            .select_related("requested_by")
            .filter(pk=report_file_id)
            .first()
        )
        if report_file is None:  # deleted since it was requested
            return ""
        if report_file.state == ReportFileState.DONE:
            return str(report_file.file.name)
        report_file.state = ReportFileState.RUNNING
        report_file.error = ""
        report_file.save(update_fields=["state", "error", "updated_at"])
    log.info("rendering %s (report file %d)", report_file, report_file.pk)
    try:
        body = _render(report_file)
        with transaction.atomic():
            field = report_file.file.field
            path = field.generate_filename(report_file, report_file.download_name)
            field.storage.delete(path)  # what a run killed before its commit left
            report_file.file.save(report_file.download_name, ContentFile(body), save=False)
            report_file.state = ReportFileState.DONE
            report_file.finished_at = timezone.now()
            report_file.save(update_fields=["file", "state", "finished_at", "updated_at"])
    except Exception as error:
        report_file.state = ReportFileState.FAILED
        report_file.error = f"{type(error).__name__}: {error}"
        report_file.finished_at = timezone.now()
        report_file.save(update_fields=["state", "error", "finished_at", "updated_at"])
        raise
    return str(report_file.file.name)
