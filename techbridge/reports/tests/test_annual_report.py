"""The annual report as page, PDF and Excel: the 2020 figures of the seed, from the records."""

import io
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from techbridge.core.choices import Role
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.reports.annual import build_annual_report, render_pdf, render_xlsx

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
    rows = list(institutes.iter_rows(min_row=2, values_only=True))
    assert sum(r[1] for r in rows) == 4_000_000_000  # revenue column adds up to the headline
    assert sum(r[4] for r in rows) == 160  # so do the spin-offs


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


def test_page_and_downloads(user_factory: Any) -> None:
    hq = user_factory("hq-report", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    client = Client()
    client.force_login(hq)
    page = client.get("/en/reports/annual/2020/").content.decode()
    assert 'data-testid="trend-chart"' in page and "Annual report 2020" in page
    pdf = client.get("/reports/annual/2020.pdf")
    assert pdf["Content-Type"] == "application/pdf" and "160" in _pdf_text(pdf.content)
    xlsx = client.get("/reports/annual/2020.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]["B3"].value == 6
    outsider = Client()
    outsider.force_login(
        user_factory("ent-report", Enterprise.objects.first(), Role.ENTERPRISE_USER)
    )
    assert outsider.get("/reports/annual/2020.pdf").status_code == 404
    assert outsider.get("/reports/annual/2020/").status_code == 302
