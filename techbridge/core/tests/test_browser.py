"""A person's first minutes with the demo, in Debian's Chromium."""

from typing import Any

import pytest

from techbridge.testing.browser import login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.both_databases]


def test_login_shows_the_2020_figures_in_chinese(page: Any) -> None:
    # Given the demo server; when the headquarters user logs in
    login(page, "hq")
    # then the home page shows the seed year's figures in Chinese
    assert page.locator("h2.page-title").inner_text().startswith("2020")
    figures = page.locator("[data-testid=headline-figures]")
    assert "衍生孵化企业" in figures.inner_text()
    assert page.locator("[data-figure=spinoffs] .h1").inner_text().startswith("160")
    assert page.locator("[data-figure=new_jics] .h1").inner_text().startswith("54")
    assert "6.30 亿元" in page.locator("[data-figure=contract_value_cny]").inner_text()


def test_language_switch_to_english_and_back(page: Any) -> None:
    login(page, "hq")
    with page.expect_navigation():
        page.click("#language-switch button[value=en]")
    assert "/en/" in page.url
    assert "spin-offs" in page.locator("[data-testid=headline-figures]").inner_text().lower()
    assert "630.0 million CNY" in page.locator("[data-figure=contract_value_cny]").inner_text()
    with page.expect_navigation():
        page.click("#language-switch button[value=zh-hans]")
    assert "/en/" not in page.url
    assert "衍生孵化企业" in page.locator("[data-testid=headline-figures]").inner_text()


def test_year_selector_changes_the_figures(page: Any) -> None:
    login(page, "hq")
    page.select_option("select[name=year]", "2019")
    page.wait_for_url("**year=2019**")
    assert page.locator("h2.page-title").inner_text().startswith("2019")
    assert page.locator("[data-figure=spinoffs] .h1").inner_text().startswith("143")


def test_admin_in_english_lists_the_registers(page: Any) -> None:
    login(page, "admin")
    page.goto("/en/admin/")
    body = page.locator("#content-main").inner_text()
    for name in (
        "Research institutes",
        "Technology needs",
        "Joint Innovation Centers",
        "Spin-offs",
    ):
        assert name.lower() in body.lower(), name


def test_enterprise_user_is_refused_the_admin_and_sees_a_translated_page(page: Any) -> None:
    login(page, "enterprise")
    response = page.goto("/en/no-such-page/")
    assert response is not None and response.status == 404
    assert "could not be found" in page.content()


def test_wrong_password_stays_on_login_with_an_error(page: Any) -> None:
    login(page, "hq", password="not-the-password")
    assert "/accounts/login/" in page.url
    assert page.locator(".alert-danger").is_visible()


def test_dashboard_charts_render(page: Any) -> None:
    login(page, "hq")
    wait_until(page, "window.dashboardCharts !== undefined")
    for name in ("trend", "funnel", "regions", "fields"):
        # ECharts drew a canvas for each chart, with data in its option.
        assert (
            page.evaluate(f"window.dashboardCharts['{name}'].getOption().series[0].data.length") > 0
        )
    assert page.locator("#chart-trend canvas").count() == 1


def test_pages_work_under_the_content_security_policy(page: Any) -> None:
    # Given a browser that records every Content-Security-Policy violation
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(page, "hq")
    # When headquarters open the dashboard, a need with its match panel, the contracts, the
    # annual report, the admin and the API documentation
    wait_until(page, "window.dashboardCharts !== undefined")
    page.goto("/needs/?status=open")
    page.locator("table a[href^='/needs/']").first.click()
    page.wait_for_selector("#matches .card")
    for path in ("/cooperation/contracts/", "/reports/annual/2020/", "/admin/", "/api/docs/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    page.wait_for_selector(".swagger-ui .info")
    # Then the scripts ran (charts drawn, panels loaded, Swagger UI built) and nothing was blocked
    assert violations == []
    # and the year selector, an event listener now, still submits its form
    page.goto("/")
    page.select_option("select[name=year]", "2019")
    page.wait_for_url("**year=2019**")
    assert violations == []


def test_the_menu_folds_behind_a_button_on_a_phone(page: Any) -> None:
    # Given a signed-in user on a phone 390 px wide
    login(page, "hq")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    # Then the menu is folded behind its button, and nothing is wider than the screen
    assert page.locator("[data-testid=menu-toggle]").is_visible()
    assert not page.locator("[data-testid=main-menu]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # When the button is tapped, the menu opens and leads to the needs
    page.click("[data-testid=menu-toggle]")
    page.locator("[data-testid=main-menu]").wait_for(state="visible")
    with page.expect_navigation():
        page.click("[data-testid=main-menu] a[href='/needs/']")
    assert page.url.endswith("/needs/")
    # And at desktop width the menu shows without the button
    page.set_viewport_size({"width": 1400, "height": 1000})
    assert page.locator("[data-testid=main-menu]").is_visible()
    assert not page.locator("[data-testid=menu-toggle]").is_visible()


def test_the_menu_folds_behind_its_button_on_a_tablet_rather_than_take_two_lines(
    page: Any,
) -> None:
    # Given headquarters' full menu on a 1,024 px tablet, too narrow for it on one line
    login(page, "hq")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto("/needs/")
    # Then the menu waits behind its button, with the search beside it
    assert page.locator("[data-testid=menu-toggle]").is_visible()
    assert not page.locator("[data-testid=main-menu]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    # and opens as one column of entries under the header
    page.click("[data-testid=menu-toggle]")
    menu = page.locator("[data-testid=main-menu]")
    menu.wait_for(state="visible")
    page.locator("[data-testid=global-search]").wait_for(state="visible")
    items = menu.locator(":scope > li")
    xs = {round(items.nth(i).bounding_box()["x"]) for i in range(items.count())}
    assert items.count() >= 8 and len(xs) == 1


def test_the_menu_keeps_to_one_line_on_a_laptop_in_both_languages(page: Any) -> None:
    # Given headquarters' full menu on a 1,280 px screen
    login(page, "hq")
    page.set_viewport_size({"width": 1280, "height": 800})
    for path in ("/needs/", "/en/needs/"):
        page.goto(path)
        menu = page.locator("[data-testid=main-menu]")
        items = menu.locator(":scope > li")
        # Then every entry sits on the first entry's line, and the user's name on one line
        boxes = [items.nth(i).bounding_box() for i in range(items.count())]
        assert len(boxes) >= 8 and len({round(box["y"]) for box in boxes}) == 1, path
        name = page.locator("[data-testid=current-user]")
        line = name.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        assert name.bounding_box()["height"] <= 1.5 * line, path
