"""The portfolio page in Debian's Chromium: ECharts draws the charts; holdings are listed."""

from typing import Any

import pytest

from techbridge.testing.browser import login

pytestmark = pytest.mark.browser


def test_portfolio_draws_charts_and_lists_holdings(page: Any) -> None:
    # Given the demo server; when the headquarters user opens the portfolio
    login(page, "hq")
    page.goto("/ventures/")
    assert page.locator("h2.page-title").inner_text() == "衍生企业投资组合"
    # then ECharts has drawn both charts, with one bar per year in the yearly one
    page.wait_for_selector("#portfolio-year-chart canvas")
    assert page.locator("#portfolio-institute-chart canvas").count() >= 1
    years = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('portfolio-year-chart'))"
        ".getOption().xAxis[0].data"
    )
    assert years[0] <= 2016 and years[-1] == 2021
    # and the holdings table links a spin-off to its page with its rounds
    rows = page.locator("[data-testid=holding]")
    assert rows.count() >= 100
    first = rows.first
    assert first.locator("[data-col=institute-value]").inner_text().strip() not in ("", "0")
    first.locator("a").first.click()
    page.wait_for_selector("[data-testid=rounds-table]")
    assert page.locator("[data-testid=spinoff-facts]").count() == 1
