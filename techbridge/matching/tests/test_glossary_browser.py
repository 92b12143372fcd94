"""The glossary page in Debian's Chromium, on a running server: a pair added, found, edited
and deleted by headquarters, and a file of pairs imported by another process (the
``techbridge registers import`` command) listed at once."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from techbridge.testing.browser import SERVER_ENV, login

pytestmark = pytest.mark.browser


@pytest.fixture
def hq(chromium: Any, demo_server: str) -> Iterator[Any]:
    context = chromium.new_context(base_url=demo_server, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    login(page, "hq")
    yield page
    context.close()


def _rows(page: Any, search: str) -> list[str]:
    page.goto(f"/matching/glossary/?q={search}")
    return [r.inner_text() for r in page.locator("[data-testid=glossary-row]").all()]


def test_headquarters_keep_the_glossary_and_another_process_imports_into_it(
    hq: Any, demo_server: str, tmp_path: Path
) -> None:
    hq.goto("/")
    hq.click("[data-testid=nav-network]")
    with hq.expect_navigation():
        hq.click("a.dropdown-item:has-text('术语表')")
    assert hq.locator("[data-testid=glossary-row]").count() == 50  # the first page

    # A pair added on the page; a bad one refused with the field's message
    hq.fill("#id_term_zh", "氧化镓")
    hq.fill("#id_term_en", "gallium oxide")
    with hq.expect_navigation():
        hq.click("[data-testid=glossary-add]")
    assert "已加入术语表" in hq.content()
    assert any("gallium oxide" in row for row in _rows(hq, "氧化镓"))
    hq.fill("#id_term_zh", "gallium")
    hq.fill("#id_term_en", "gallium")
    with hq.expect_navigation():
        hq.click("[data-testid=glossary-add]")
    assert "中文术语须含有汉字" in hq.locator("[data-testid=field-error]").inner_text()

    # Edited, then deleted
    hq.goto("/matching/glossary/?q=氧化镓")
    with hq.expect_navigation():
        hq.locator("[data-testid=glossary-edit]").first.click()
    hq.fill("#id_term_en", "gallium oxide (Ga2O3)")
    with hq.expect_navigation():
        hq.click("[data-testid=glossary-save]")
    assert any("Ga2O3" in row for row in _rows(hq, "氧化镓"))
    with hq.expect_navigation():
        hq.locator("[data-testid=glossary-edit]").first.click()
    with hq.expect_navigation():
        hq.click("[data-testid=glossary-delete]")
    assert "已删除术语对" in hq.content()
    assert _rows(hq, "氧化镓") == []

    # Another process imports a file of pairs into the server's database
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "glossary.csv").write_text(
        "term_zh,term_en,field,note\n氧化镓,gallium oxide,sic-power,超宽禁带材料\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "techbridge.cli", "registers", "import", str(folder)],
        env=SERVER_ENV[demo_server],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "glossary: 1 new" in done.stdout
    assert any("超宽禁带材料" in row for row in _rows(hq, "氧化镓"))
