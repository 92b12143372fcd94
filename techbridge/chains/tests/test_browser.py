"""The chain pages in Debian's Chromium: the list, and the coverage graph drawn by ECharts."""

from typing import Any

import pytest

from techbridge.testing.browser import login

pytestmark = pytest.mark.browser


def test_chain_graph_shows_coverage(page: Any) -> None:
    # Given the demo server; when the headquarters user opens the chains page from the menu
    login(page, "hq")
    page.click("a.nav-link[href$='/chains/']")
    page.wait_for_url("**/chains/")
    assert page.locator("h2.page-title").inner_text() == "产业技术链"
    links = page.locator("[data-testid=chain-table] tbody a")
    assert links.count() >= 3  # the demo's chains
    # and opens the integrated-circuit chain
    page.locator("[data-testid=chain-table] tbody a", has_text="集成电路").first.click()
    page.wait_for_selector("#chain-graph[data-ready='1']")
    # then ECharts has drawn the chain's links and key technologies, coloured by coverage
    nodes = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chain-graph'))"
        ".getOption().series[0].data"
    )
    assert len(nodes) >= 10
    technologies = [n for n in nodes if n.get("category") == 1]
    colours = {str((n.get("itemStyle") or {}).get("color")) for n in technologies}
    assert len(colours) >= 2  # the chain's gaps (electronic gases, lithography) stand out
    assert any("电子特气" in str(n.get("name")) for n in technologies)
    assert page.locator("#chain-graph canvas").count() >= 1
    assert page.locator("[data-testid=gap-table] tbody tr").count() >= 5
