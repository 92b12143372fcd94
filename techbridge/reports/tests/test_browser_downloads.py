"""The annual report's downloads and the home dashboard's maps, in Debian's Chromium."""

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from techbridge.testing.browser import login, wait_until

pytestmark = pytest.mark.browser


def _request_and_download(page: Any, fmt: str) -> tuple[str, bytes]:
    """Request the file, wait for the list (polled by HTMX) to link it, download it."""
    with page.expect_navigation():
        page.click(f"[data-testid=download-{fmt}]")
    link = page.locator(f"[data-testid=report-file-{fmt}]").first
    link.wait_for(timeout=120_000)  # rendered by the server's job worker
    with page.expect_download() as info:
        link.click()
    download = info.value
    path = download.path()
    assert path is not None
    with open(path, "rb") as f:
        return download.suggested_filename, f.read()


def test_annual_report_pdf_and_excel_downloads(page: Any) -> None:
    # Given headquarters on the 2020 annual report
    login(page, "hq")
    page.goto("/reports/annual/2020/")
    # When the PDF is requested, the job worker renders it and the page links it once done:
    # a PDF whose text has the seed year's figures
    name, pdf = _request_and_download(page, "pdf")
    assert name == "annual-report-2020.pdf" and pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "630,000,000" in text  # contract value
    assert "160" in text  # spin-offs
    # When the Excel file is requested, its cells hold the same figures
    name, xlsx = _request_and_download(page, "xlsx")
    assert name == "annual-report-2020.xlsx"
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    by_key = {row[3]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True) if row[3]}
    assert by_key["spinoffs"] == 160
    assert by_key["contract_value_cny"] == 630_000_000
    assert by_key["new_jics"] == 54
    # Both files stay listed, and the list stops polling once nothing is pending
    assert page.locator("[data-testid=report-file-state]").count() == 2
    assert page.locator("#report-files[hx-trigger]").count() == 0


def test_home_dashboard_maps_needs_and_resources_by_region(page: Any) -> None:
    login(page, "hq")
    wait_until(page, "window.dashboardCharts !== undefined")
    assert page.locator("#chart-map canvas").count() == 1
    cities = page.evaluate("window.dashboardCharts.map.getOption().series[0].data")
    assert len(cities) == 13 and sum(c["value"] for c in cities) > 0
    # Switching the layer redraws the same map with the institutes by city
    page.click("[data-map-layers=chart-map] button[data-layer=institutes]")
    assert page.evaluate("window.dashboardCharts.map.layerKey") == "institutes"
    institutes = page.evaluate("window.dashboardCharts.map.getOption().series[0].data")
    assert sum(c["value"] for c in institutes) > 0
    # The world map of overseas partners loads its shapes from the server (no CDN)
    wait_until(page, "window.dashboardCharts.world !== undefined")
    assert page.locator("#chart-world canvas").count() == 1
    partners = page.evaluate("window.dashboardCharts.world.getOption().series[0].data")
    by_country = {p["name"]: p["value"] for p in partners if p.get("value")}
    assert by_country.get("DE", 0) > 0  # keyed by ISO code, as the shapes' iso_a2
    codes = page.evaluate(
        "echarts.getMap('world').geoJSON.features.map(function (f) { return f.properties.iso_a2; })"
    )
    assert set(by_country) <= set(codes)
