"""The institute dashboard and the funding what-if, in Debian's Chromium."""

from typing import Any

import pytest

from techbridge.testing.browser import login, wait_until

pytestmark = pytest.mark.browser

#: The demo's "institute" user works at the first institute the generator makes.
INSTITUTE_USER = "institute"


def _own_institute_url(page: Any) -> str:
    page.goto("/institutes/?year=2020")
    links = page.locator("[data-testid=institutes] tbody a")
    assert links.count() == 1  # institute staff see their own institute only
    return str(links.first.get_attribute("href"))


def test_institute_dashboard_shows_figures_with_origins_and_charts(page: Any) -> None:
    # Given the institute's own staff member; when they open their dashboard for 2020
    login(page, INSTITUTE_USER)
    page.goto(_own_institute_url(page))
    # then every figure carries an origin badge: revenue and staff entered by hand,
    # contracts and spin-offs counted from the platform's records
    figures = page.locator("[data-testid=institute-figures]")
    assert figures.locator("[data-figure=headcount] [data-origin=manual]").count() == 1
    assert figures.locator("[data-figure=revenue_government] [data-origin=manual]").count() == 1
    for key in ("contracts_signed", "contract_value_cny", "spinoffs", "students_enrolled"):
        assert figures.locator(f"[data-figure={key}] [data-origin=derived]").count() == 1, key
    assert "手工录入" in figures.inner_text()
    # and the charts are drawn, with data
    wait_until(page, "window.dashboardCharts !== undefined")
    for chart in ("trend", "funnel", "map", "fields"):
        assert page.locator(f"#chart-{chart} canvas").count() == 1, chart
    years = page.evaluate("window.dashboardCharts.trend.getOption().xAxis[0].data")
    assert years[-1] == 2020
    cities = page.evaluate("window.dashboardCharts.map.getOption().series[0].data")
    assert len(cities) == 13


def test_institute_staff_cannot_open_another_institute(page: Any) -> None:
    login(page, INSTITUTE_USER)
    own = _own_institute_url(page)
    other_pk = 1 if not own.rstrip("/").endswith("/1") else 3
    response = page.goto(f"/institutes/{other_pk}/")
    assert response is not None and response.status == 404


def _allocations(page: Any) -> list[int]:
    cells = page.locator("[data-testid=what-if] tbody tr td:nth-child(3)").all_inner_texts()
    return [int(c.replace(",", "")) for c in cells]


def test_funding_what_if_updates_then_confirms(page: Any) -> None:
    # Given headquarters on the 2020 evaluation, the what-if loaded for the default rules
    login(page, "hq")
    page.goto("/institutes/evaluation/2020/")
    page.wait_for_selector("[data-testid=what-if] tbody tr")
    assert sum(_allocations(page)) == 200_000_000
    # When the budget and the cap change
    page.fill("#cap", "5000000")
    page.fill("#budget", "150000000")
    # then the table is recomputed through HTMX, nothing saved, and sums to the new budget
    wait_until(page, "document.querySelector('#what-if').innerText.includes('150,000,000')")
    amounts = _allocations(page)
    assert sum(amounts) == 150_000_000
    assert max(amounts) <= 5_000_000
    assert min(amounts) >= 1_000_000  # the floor
    # When the rule is confirmed, the page says how many institutes were funded
    with page.expect_navigation():
        page.click("[data-testid=confirm-funding]")
    message = page.locator(".alert-success").inner_text()
    assert f"已确认 {len(amounts)} 家研究所的绩效拨款" in message


def test_what_if_rejects_a_bad_number(page: Any) -> None:
    login(page, "hq")
    page.goto("/institutes/evaluation/2020/")
    page.wait_for_selector("[data-testid=what-if] tbody tr")
    page.fill("#floor", "abc")
    page.wait_for_selector("[data-testid=what-if-error]")
    assert "floor" in page.locator("[data-testid=what-if-error]").inner_text()
