"""The chain pages in Debian's Chromium.

The browser server loads the demo with ``techbridge demo --no-serve``; chains exist there only
once the demo generator calls ``create_demo_chains()``. Until then this checks the list page.
"""

from typing import Any

import pytest

from techbridge.testing.browser import login

pytestmark = pytest.mark.browser


def test_chain_list_page_renders(page: Any) -> None:
    # Given the demo server; when the headquarters user opens the chains page from the menu
    login(page, "hq")
    page.click("a.nav-link[href$='/chains/']")
    page.wait_for_url("**/chains/")
    # then the chain table is shown
    assert page.locator("h2.page-title").inner_text() == "产业技术链"
    table = page.locator("[data-testid=chain-table]")
    assert table.is_visible()
    # and, when chains exist, a chain page draws its graph from the JSON endpoint
    links = page.locator("[data-testid=chain-table] tbody a")
    if links.count():
        links.first.click()
        page.wait_for_selector("#chain-graph[data-ready='1']")
        assert page.locator("#chain-graph canvas").count() >= 1
