"""Importing a register in Debian's Chromium: upload, preview, confirm, progress to done."""

from pathlib import Path
from typing import Any

import pytest

from techbridge.testing.browser import login

pytestmark = pytest.mark.browser


def test_import_preview_confirm_and_progress(page: Any, tmp_path: Path) -> None:
    # Given headquarters on the revenue-records register
    login(page, "hq")
    page.goto("/registers/")
    page.click("[data-register='revenue-records']")
    page.wait_for_url("**/registers/revenue-records/")
    institute = page.locator("[data-testid=register-table] tbody tr td").first.inner_text()
    # when they upload a file of two new records (years before the demo network, so the
    # dashboards of the shared demo server keep their latest year)
    page.click("[data-testid=import]")
    upload = tmp_path / "revenue.csv"
    upload.write_text(
        "institute,year,source,amount_cny,origin\n"
        f"{institute},2011,other,1000,manual\n"
        f"{institute},2012,other,2000,manual\n",
        encoding="utf-8",
    )
    page.set_input_files("input[type=file]", str(upload))
    page.click("[data-testid=upload]")
    # then the preview shows two new rows and no error
    assert page.locator("[data-testid=count-new]").inner_text() == "2"
    assert page.locator("[data-testid=preview-valid]").count() == 1
    # and after confirming, the progress bar reaches done
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=import-progress][data-state=done]", timeout=30_000)
    assert page.locator("[data-testid=progress-count]").inner_text() == "2 / 2"
    assert "100%" in (page.locator("[data-testid=progress-bar]").get_attribute("style") or "")
    # and the register lists the new records
    page.goto("/registers/revenue-records/?year=2011")
    assert page.locator("[data-testid=register-total]").get_attribute("data-total") == "1"
