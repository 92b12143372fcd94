"""The glossary in Debian's Chromium, on a running server: a pair kept on the glossary page,
and a pair imported by another process (``techbridge registers import``) that the server's
next match explains a Chinese need's English experts by, until it is deleted on the page."""

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from techbridge.testing.browser import SERVER_ENV

pytestmark = [pytest.mark.browser, pytest.mark.both_databases]

PAIR = "氧化镓功率器件 ↔ gallium oxide power devices"


def _rows(page: Any, search: str) -> list[str]:
    page.goto(f"/matching/glossary/?q={search}")
    return [r.inner_text() for r in page.locator("[data-testid=glossary-row]").all()]


def _pairs(page: Any, need_url: str) -> list[str]:
    page.goto(need_url)
    page.wait_for_selector("[data-testid=match]", timeout=120_000)
    return [p.inner_text() for p in page.locator("[data-testid=term-pair]").all()]


def _import(demo_server: str, folder: Path, rows: str) -> str:
    folder.mkdir(exist_ok=True)
    (folder / "glossary.csv").write_text("term_zh,term_en,field,note\n" + rows, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "techbridge.cli", "registers", "import", str(folder)],
        env=SERVER_ENV[demo_server],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_headquarters_keep_the_glossary_on_its_page(person: Any) -> None:
    hq = person("hq")
    hq.goto("/")
    hq.click("[data-testid=nav-network]")
    with hq.expect_navigation():
        hq.click("a.dropdown-item:has-text('术语表')")
    assert hq.locator("[data-testid=glossary-row]").count() == 50  # the first page

    # A pair added; a bad one refused with the field's message
    hq.fill("#id_term_zh", "铌酸锂")
    hq.fill("#id_term_en", "lithium niobate")
    with hq.expect_navigation():
        hq.click("[data-testid=glossary-add]")
    assert "已加入术语表" in hq.content()
    assert any("lithium niobate" in row for row in _rows(hq, "铌酸锂"))
    hq.fill("#id_term_zh", "lithium niobate")
    hq.fill("#id_term_en", "lithium niobate")
    with hq.expect_navigation():
        hq.click("[data-testid=glossary-add]")
    assert "中文术语须含有汉字" in hq.locator("[data-testid=field-error]").inner_text()

    # Edited, then deleted
    hq.goto("/matching/glossary/?q=铌酸锂")
    with hq.expect_navigation():
        hq.locator("[data-testid=glossary-edit]").first.click()
    hq.fill("#id_term_en", "lithium niobate thin films")
    with hq.expect_navigation():
        hq.click("[data-testid=glossary-save]")
    assert any("lithium niobate thin films" in row for row in _rows(hq, "铌酸锂"))
    with hq.expect_navigation():
        hq.locator("[data-testid=glossary-edit]").first.click()
    with hq.expect_navigation():
        hq.click("[data-testid=glossary-delete]")
    assert "已删除术语对" in hq.content()
    assert _rows(hq, "铌酸锂") == []


def test_a_pair_imported_by_another_process_explains_the_servers_next_match(
    person: Any, demo_server: str, tmp_path: Path
) -> None:
    enterprise = person("enterprise")
    enterprise.goto("/needs/new/")
    enterprise.fill("#id_title", "氧化镓功率器件击穿电压提升")
    enterprise.fill("#id_description", "我们需要提高氧化镓功率器件的击穿电压，改进边缘终端结构。")
    enterprise.fill("#id_technical_indicators", "击穿电压大于 2 kV")
    enterprise.select_option("#id_technology_field", label="第三代半导体与功率电子")
    enterprise.fill("#id_budget_min_cny", "500000")
    enterprise.fill("#id_budget_max_cny", "900000")
    enterprise.select_option("#id_cooperation_mode", "contract_rd")
    enterprise.select_option("#id_confidentiality", "staff_only")
    with enterprise.expect_navigation():
        enterprise.click("[data-testid=need-form] button[type=submit]")
    need_id = re.search(r"/needs/(\d+)/", enterprise.url).group(1)  # type: ignore[union-attr]
    need_url = f"/needs/{need_id}/"
    hq = person("hq")
    hq.goto(need_url)
    with hq.expect_navigation():
        hq.click("[data-testid=open-need]")
    # The Chinese need's English-only experts come first, explained by term pairs
    before = _pairs(hq, need_url)
    assert before and PAIR not in before

    out = _import(
        demo_server, tmp_path / "files", "氧化镓功率器件,gallium oxide power devices,sic-power,\n"
    )
    assert "glossary: 1 new" in out
    assert PAIR in _pairs(hq, need_url)

    hq.goto("/matching/glossary/?q=氧化镓功率器件")
    with hq.expect_navigation():
        hq.locator("[data-testid=glossary-edit]").first.click()
    with hq.expect_navigation():
        hq.click("[data-testid=glossary-delete]")
    assert PAIR not in _pairs(hq, need_url)
