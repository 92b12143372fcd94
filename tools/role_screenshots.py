"""Screenshots of each role's pages for docs/roles.md, taken from a running demo server.

    techbridge demo &            # or any server with the demo data
    .venv/bin/python tools/role_screenshots.py http://127.0.0.1:8000 docs/images

Uses Debian's Chromium through Playwright (TECHBRIDGE_CHROMIUM to point elsewhere).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from techbridge.testing.browser import CHROMIUM, CHROMIUM_ARGS

#: (file name, user, path, viewport width)
SHOTS = [
    ("role-enterprise.png", "enterprise", "/", 1280),
    ("role-headquarters.png", "hq", "/", 1280),
    ("role-institute.png", "institute", "/", 1280),
    ("role-expert.png", "expert", "/", 1280),
    ("role-expert-phone.png", "expert", "/", 390),
    ("role-project-manager.png", "pm", "/", 1280),
    ("case-workspace.png", "enterprise", "case", 1280),
    ("contract-page.png", "institute", None, 1280),
]


def main(base: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, user, path, width in SHOTS:
            context = browser.new_context(base_url=base, viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", "techbridge-demo")
            with page.expect_navigation():
                page.click("form.card button[type=submit]")
            if path is None:  # the first contract of the user's workspace
                page.goto("/")
                path = page.locator("[data-testid=institute-contracts] a").first.get_attribute(
                    "href"
                )
            if path == "case":  # a case of the user's home page
                page.goto("/")
                rows = page.locator("[data-testid=case-row] a[href*='/cases/']")
                links = [rows.nth(i).get_attribute("href") for i in range(rows.count())]
                path = links[0]
                for link in links:  # the first with a conversation, where there is one
                    page.goto(str(link))
                    if page.locator("[data-testid=case-message]").count():
                        path = link
                        break
            page.goto(str(path))
            page.wait_for_timeout(800)  # charts draw
            page.screenshot(path=str(folder / name), full_page=width < 600)
            context.close()
            print(folder / name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
