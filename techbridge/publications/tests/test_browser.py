"""The review queue in Debian's Chromium: headquarters upload a BibTeX file whose author is a
demo expert by name only, watch the run finish, and accept the link in the queue."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from techbridge.testing.browser import login

pytestmark = pytest.mark.browser


def _expert_with_a_unique_name(page: Any) -> tuple[str, str]:
    """(id, Chinese name) of a demo expert whom no other expert shares a name with."""
    listing = "/registers/experts/?sort=-name_zh"  # experts with a Chinese name first
    page.goto(listing)
    rows = page.locator("[data-testid=register-table] tbody tr")
    candidates = []
    for i in range(min(rows.count(), 20)):
        cells = rows.nth(i).locator("td")
        candidates.append((cells.nth(0).inner_text().strip(), cells.nth(1).inner_text().strip()))
    for pk, name in candidates:
        if not name:
            continue
        page.goto(f"/registers/experts/?q={name}")
        if page.locator("[data-testid=register-total]").get_attribute("data-total") == "1":
            return pk, name
    raise AssertionError("every listed expert shares a name")


def test_upload_then_accept_the_pending_author(page: Any, tmp_path: Path) -> None:
    # Given headquarters and a demo expert known by name only
    login(page, "hq")
    expert_id, name = _expert_with_a_unique_name(page)
    title = f"浏览器测试论文 {time.time_ns()}"
    upload = tmp_path / "browser.bib"
    upload.write_text(
        f"@article{{browser1,\n  title = {{{title}}},\n  author = {{{name}}},\n"
        "  journal = {测试期刊},\n  year = {2024}\n}\n",
        encoding="utf-8",
    )
    # When they upload it with the format detected
    page.goto("/publications/")
    page.set_input_files("[data-testid=import-form] input[type=file]", str(upload))
    with page.expect_navigation():
        page.click("[data-testid=upload]")
    # Then the report polls until the worker has imported it, one author awaiting review
    page.wait_for_selector("[data-testid=run-report][data-status=done]", timeout=60_000)
    assert page.locator("[data-testid=count-created]").inner_text() == "1"
    assert page.locator("[data-testid=count-review]").inner_text() == "1"
    # And in the review queue the record shows with the expert and the evidence
    page.goto("/publications/review/")
    card = page.locator("[data-testid=pending-link]", has_text=title)
    assert card.locator("[data-testid=author-name]").inner_text().startswith(name)
    assert "中文姓名" in card.locator("[data-testid=candidate]").inner_text()
    with page.expect_navigation():
        card.locator("[data-testid=accept]").click()
    assert "已确认作者关联" in page.locator(".alert").first.inner_text()
    assert page.locator("[data-testid=pending-link]", has_text=title).count() == 0
    # And the work is on the expert's profile, under its source
    page.goto(f"/publications/experts/{expert_id}/")
    group = page.locator("[data-testid=source-group]", has_text=title)
    assert "BibTeX" in group.locator(".card-title").inner_text()
