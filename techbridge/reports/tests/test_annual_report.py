"""The annual report as page, PDF and Excel: the 2020 figures of the seed, from the records;
the files are requested on the page, rendered by a job and downloaded by their requester."""

import io
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import Client

from techbridge.core.choices import Role
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.reports.annual import build_annual_report, render_pdf, render_xlsx
from techbridge.reports.jobs import render_annual, request_annual_file
from techbridge.reports.models import ReportFile

pytestmark = pytest.mark.django_db


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)


def test_pdf_carries_the_seed_figures_in_both_languages() -> None:
    report = build_annual_report(2020)
    zh = _pdf_text(render_pdf(report, "zh-hans"))
    assert "2020 年度报告" in zh
    for text in ("衍生孵化企业", "160", "4,000,000,000", "630,000,000", "1,045", "413,000,000"):
        assert text in zh, text
    en = _pdf_text(render_pdf(report, "en"))
    assert "Annual report 2020" in en and "Spin-offs" in en and "300,000,000" in en


def test_excel_cells_hold_the_figures() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(build_annual_report(2020), "en")))
    sheet = book.worksheets[0]
    by_key = {row[3]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert by_key["new_institutes"] == 6
    assert by_key["needs"] == 285
    assert by_key["contract_value_cny"] == 630_000_000
    assert by_key["graduates"] == 1045
    institutes = book.worksheets[2]
    *rows, total = list(institutes.iter_rows(min_row=2, values_only=True))
    assert sum(r[1] for r in rows) == 4_000_000_000  # revenue column adds up to the headline
    assert sum(r[4] for r in rows) == 160  # so do the spin-offs
    assert sum(r[2] for r in rows) == 123  # and the JIC cooperation projects
    assert total[1:5] == (4_000_000_000, 123, 630_000_000, 160)  # the total row says so


def test_command_writes_pdf_and_xlsx(tmp_path: Path) -> None:
    call_command(
        "report", "annual", "--year", "2020", "--format", "pdf", "--out", str(tmp_path / "r.pdf")
    )
    assert "衍生孵化企业" in _pdf_text((tmp_path / "r.pdf").read_bytes())
    call_command(
        "report", "annual", "--year", "2020", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx")
    )
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]["B3"].value == 6
    with pytest.raises(CommandError):
        call_command("report", "annual", "--year", "2020", "--format", "pdf")
    with pytest.raises(CommandError):
        call_command(
            "report", "annual", "--year", "2020", "--format", "pdf", "--out", "/no/such/dir/r.pdf"
        )


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def hq(user_factory: Any) -> Any:
    return user_factory("hq-report", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _request(client: Client, fmt: str, capture: Any, year: int = 2020) -> Any:
    """Request a file from the English page; the job runs after the request commits."""
    with capture(execute=True):
        return client.post(f"/en/reports/annual/{year}/files/request/", {"fmt": fmt})


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_page_requests_files_that_a_job_renders(
    hq: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # Given headquarters staff on the 2020 report
    client = _client(hq)
    page = client.get("/en/reports/annual/2020/").content.decode()
    assert 'data-testid="trend-chart"' in page and "Annual report 2020" in page
    assert 'data-testid="report-files"' in page and "every 2s" not in page
    # When they request the PDF and the Excel file, each is rendered by the job, in English
    for fmt in ("pdf", "xlsx"):
        response = _request(client, fmt, django_capture_on_commit_callbacks)
        assert response.status_code == 302 and response.url == "/en/reports/annual/2020/"
    pdf_file = ReportFile.objects.get(requested_by=hq, fmt="pdf")
    xlsx_file = ReportFile.objects.get(requested_by=hq, fmt="xlsx")
    assert (pdf_file.state, pdf_file.language, pdf_file.year) == ("done", "en", 2020)
    assert xlsx_file.state == "done" and xlsx_file.finished_at is not None
    # Then the list links both and no longer polls
    listed = client.get("/en/reports/annual/2020/files/").content.decode()
    assert f'href="/en/reports/annual/files/{pdf_file.pk}/"' in listed
    assert 'data-testid="report-file-xlsx"' in listed and "hx-trigger" not in listed
    assert "English · " in listed  # the language each file was requested in
    # And the downloads carry the figures, under the same names as ever
    pdf = client.get(f"/reports/annual/files/{pdf_file.pk}/")
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="annual-report-2020.pdf"' in pdf["Content-Disposition"]
    text = _pdf_text(_body(pdf))
    assert "Annual report 2020" in text and "160" in text and "630,000,000" in text
    xlsx = client.get(f"/reports/annual/files/{xlsx_file.pk}/")
    assert 'filename="annual-report-2020.xlsx"' in xlsx["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(_body(xlsx))).worksheets[0]
    assert sheet["B3"].value == 6
    by_key = {row[3]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert by_key["spinoffs"] == 160 and by_key["contract_value_cny"] == 630_000_000


def test_a_queued_file_is_listed_and_polled_until_done(hq: Any, media: Path) -> None:
    # Given a request whose job has not run (its transaction has not committed)
    client = _client(hq)
    assert client.post("/reports/annual/2020/files/request/", {"fmt": "pdf"}).status_code == 302
    queued = ReportFile.objects.get(requested_by=hq)
    assert (queued.state, queued.language) == ("queued", "zh-hans")
    # Then the page shows it waiting, with no link, and polls the list every 2 s
    listed = client.get("/reports/annual/2020/").content.decode()
    assert 'data-state="queued"' in listed and "排队中" in listed
    assert 'hx-get="/reports/annual/2020/files/" hx-trigger="every 2s"' in listed
    assert 'data-testid="report-file-pdf"' not in listed
    assert client.get(f"/reports/annual/files/{queued.pk}/").status_code == 404
    # And another year's list does not show it
    assert "data-state" not in client.get("/reports/annual/2019/files/").content.decode()
    # And a second click while it waits gets the same request back, not a second file
    assert client.post("/reports/annual/2020/files/request/", {"fmt": "pdf"}).status_code == 302
    assert ReportFile.objects.filter(requested_by=hq).count() == 1


def test_only_the_requester_downloads_and_only_staff_request(
    hq: Any, media: Path, user_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a PDF headquarters requested
    _request(_client(hq), "pdf", django_capture_on_commit_callbacks)
    report_file = ReportFile.objects.get(requested_by=hq)
    download = f"/reports/annual/files/{report_file.pk}/"
    # An enterprise user can neither request, list nor download
    outsider = _client(user_factory("ent-report", Enterprise.objects.first(), Role.ENTERPRISE_USER))
    assert outsider.post("/reports/annual/2020/files/request/", {"fmt": "pdf"}).status_code == 404
    assert outsider.get("/reports/annual/2020/files/").status_code == 404
    assert outsider.get(download).status_code == 404
    assert outsider.get("/reports/annual/2020/").status_code == 302
    # Other staff do not see or download another's file
    headquarters = Organisation.objects.get(kind="headquarters")
    colleague = _client(user_factory("hq-colleague", headquarters, Role.HQ_STAFF))
    assert colleague.get(download).status_code == 404
    assert "data-state" not in colleague.get("/reports/annual/2020/files/").content.decode()
    # The requester, once no longer staff, cannot download it either
    hq.memberships.update(is_active=False)
    assert _client(hq).get(download).status_code == 404
    # No request renders a file, and a bad format or year is refused
    assert colleague.get("/reports/annual/2020.pdf").status_code == 404
    assert colleague.post("/reports/annual/2020/files/request/", {"fmt": "doc"}).status_code == 404
    assert colleague.post("/reports/annual/1999/files/request/", {"fmt": "pdf"}).status_code == 404
    assert colleague.get("/reports/annual/2020/files/request/").status_code == 405


def test_running_the_job_again_keeps_one_file(
    hq: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a rendered Excel file
    _request(_client(hq), "xlsx", django_capture_on_commit_callbacks)
    report_file = ReportFile.objects.get(requested_by=hq)
    folder = media / "reports" / str(report_file.pk)
    assert [p.name for p in folder.iterdir()] == ["annual-report-2020.xlsx"]
    # When the job runs again, it leaves the file as it is
    assert render_annual(report_file.pk) == f"reports/{report_file.pk}/annual-report-2020.xlsx"
    assert [p.name for p in folder.iterdir()] == ["annual-report-2020.xlsx"]
    # When a run was killed after writing the file but before committing, the rerun
    # writes it again in place
    ReportFile.objects.filter(pk=report_file.pk).update(state="running", file="")
    render_annual(report_file.pk)
    report_file.refresh_from_db()
    assert report_file.state == "done"
    assert report_file.file.name == f"reports/{report_file.pk}/annual-report-2020.xlsx"
    assert [p.name for p in folder.iterdir()] == ["annual-report-2020.xlsx"]


def test_a_failing_job_marks_the_file_failed_with_its_error(
    hq: Any, settings: Any, tmp_path: Path
) -> None:
    # Given a requested PDF and a media folder that cannot be written (a file is in the way)
    report_file = request_annual_file(hq, 2020, "pdf", "zh-hans")
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = str(tmp_path / "not-a-folder" / "media")
    # When the job runs, it fails, and raises for the queue to retry it
    with pytest.raises(OSError):
        render_annual(report_file.pk)
    report_file.refresh_from_db()
    assert report_file.state == "failed" and "NotADirectoryError" in report_file.error
    # Then the page shows the error and stops polling
    listed = _client(hq).get("/reports/annual/2020/files/").content.decode()
    assert 'data-testid="report-file-error"' in listed and "NotADirectoryError" in listed
    assert "hx-trigger" not in listed and 'data-testid="report-file-pdf"' not in listed
    # And the queue's next attempt, with the storage back, renders it
    settings.MEDIA_ROOT = str(tmp_path / "media")
    render_annual(report_file.pk)
    report_file.refresh_from_db()
    assert (report_file.state, report_file.error) == ("done", "")


def test_a_done_file_has_its_file(hq: Any) -> None:
    report_file = request_annual_file(hq, 2020, "xlsx", "en")
    report_file.state = "done"
    with pytest.raises(IntegrityError), transaction.atomic():
        report_file.save()
