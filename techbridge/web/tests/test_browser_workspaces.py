"""Each role's day starts on its own home page, in a real browser: at desktop and phone
widths, in Chinese and English, nothing runs off the side; an expert answers an
introduction from the phone; anyone finds a record through the search box."""

from __future__ import annotations

from typing import Any

import pytest

from techbridge.testing.browser import login

pytestmark = pytest.mark.slow

#: What each role's home page holds (test ids of its cards).
HOMES = {
    "enterprise": ["my-needs", "introductions", "enterprise-contracts", "my-notifications"],
    "institute": ["institute-cases", "milestones-due", "institute-contracts"],
    "expert": ["expert-cases", "my-notifications"],
    "hq": ["triage-queue", "owned-cases", "headline-figures"],
    "pm": ["assigned-needs", "owned-cases", "my-notifications"],
}
#: A heading of each home page, in each language.
HEADINGS = {
    "enterprise": ("我的技术需求", "My technology needs"),
    "institute": ("引荐给本所的对接项目", "Cases introduced to our institute"),
    "expert": ("引荐给我的对接项目", "Cases introduced to me"),
    "hq": ("待分诊需求", "Needs awaiting triage"),
    "pm": ("分派给我的需求", "Needs assigned to me"),
}
WIDTHS = (1400, 390)


@pytest.mark.parametrize("role", sorted(HOMES))
def test_each_role_has_its_home_at_every_width_in_both_languages(page: Any, role: str) -> None:
    login(page, role)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for prefix, heading in zip(("", "/en"), HEADINGS[role], strict=True):
            page.goto(f"{prefix}/")
            where = f"{role} · {width}px · {prefix or 'zh'}"
            for card in HOMES[role]:
                assert page.locator(f"[data-testid={card}]").count() == 1, (where, card)
            assert heading in page.locator("main, .page-wrapper").first.inner_text(), where
            assert page.evaluate("document.documentElement.scrollWidth") <= width, where


def test_an_expert_accepts_an_introduction_on_a_phone(page: Any) -> None:
    login(page, "expert")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    pending = page.locator("[data-testid=expert-cases] [data-testid=answer] button[value=accept]")
    waiting = pending.count()
    assert waiting >= 1
    with page.expect_navigation():
        pending.first.click()
    assert "已接受引荐" in page.locator(".alert").first.inner_text()
    assert pending.count() == waiting - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_search_finds_a_contract_by_its_number_at_both_widths(page: Any) -> None:
    login(page, "enterprise")
    page.goto("/")
    contract = page.locator("[data-testid=enterprise-contracts] a").first
    number = contract.inner_text().split(" · ")[0].strip()
    # On a desktop: the search button leads to the search page
    with page.expect_navigation():
        page.click("[data-testid=search-link]")
    page.fill("main input[name=q], .page-wrapper input[name=q]", number)
    with page.expect_navigation():
        page.press(".page-wrapper input[name=q]", "Enter")
    assert number in page.locator("[data-testid=search-contracts]").inner_text()
    # On a phone: the box sits in the folded menu
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.click("[data-bs-target='#main-navbar'], .navbar-toggler")
    page.fill("[data-testid=global-search] input[name=q]", number)
    with page.expect_navigation():
        page.press("[data-testid=global-search] input[name=q]", "Enter")
    assert number in page.locator("[data-testid=search-contracts]").inner_text()


_CONTRAST = """e => {
  // The text's and the background's colours as drawn: a see-through background over the
  // first opaque one behind it.
  const parse = s => s.match(/[\\d.]+/g).map(Number);
  const over = (top, under) => {
    const alpha = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map(i => alpha * top[i] + (1 - alpha) * under[i]);
  };
  const behind = node => {
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.length < 4 || c[3] > 0) {
        const rest = n.parentElement ? behind(n.parentElement) : [255, 255, 255];
        return c.length > 3 && c[3] < 1 ? over(c, rest) : c.slice(0, 3);
      }
    }
    return [255, 255, 255];
  };
  const channel = v => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const lum = c => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const background = behind(e);
  const text = over(parse(getComputedStyle(e).color), background);
  const [a, b] = [lum(text), lum(background)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_an_overdue_milestone_s_badge_can_be_read(page: Any) -> None:
    # Given an institute user whose milestones due include overdue ones
    login(page, "institute")
    badges = page.locator("[data-testid=milestones-due] .badge")
    assert badges.count() > 0
    # Then each badge's text stands out from its background (WCAG's 4.5:1 for small text)
    for i in range(badges.count()):
        assert badges.nth(i).evaluate(_CONTRAST) >= 4.5
