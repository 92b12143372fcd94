"""The days of the roles that work outside headquarters, on a phone and in English: an
enterprise submits a need with an attachment that survives a refused first try; a project
manager takes up a case they own and writes in its thread, which headquarters reads; institute
staff sign off a milestone of their contract with its signed record. (The journey from an
enterprise's need to a signed contract, in Chinese at desktop width, is in
``cooperation/tests/test_journeys.py``; each role's home page at both widths and in both
languages in ``test_browser_workspaces.py``.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from techbridge.testing.browser import people

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def person(chromium: Any, demo_server: str) -> Iterator[Any]:
    """``person("pm")``: a signed-in page of its own browser session, phone-sized."""
    with people(chromium, demo_server, PHONE) as open_as:
        yield open_as


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_an_enterprise_submits_a_need_from_its_phone(person: Any) -> None:
    enterprise = person("enterprise")
    enterprise.goto("/en/")
    with enterprise.expect_navigation():
        enterprise.locator("[data-testid=my-needs] a", has_text="Submit a need").click()
    _fits(enterprise)
    title = "Defect inspection of laser-cladded turbine blades"
    enterprise.fill("#id_title", title)
    enterprise.fill(
        "#id_description",
        "Our laser-cladded blades show pores and cracks that the current ultrasonic test "
        "misses; we need an inline inspection method.",
    )
    enterprise.fill("#id_technical_indicators", "Detect pores above 0.1 mm; 30 blades an hour")
    enterprise.select_option("#id_technology_field", index=1)
    # a budget whose lower end is above its upper end is refused, the file is kept
    enterprise.fill("#id_budget_min_cny", "900000")
    enterprise.fill("#id_budget_max_cny", "300000")
    enterprise.select_option("#id_cooperation_mode", index=1)
    enterprise.select_option("#id_confidentiality", "staff_only")
    enterprise.set_input_files(
        "#id_attachments",
        files=[{"name": "blade-ct.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    with enterprise.expect_navigation():
        enterprise.click("[data-testid=need-form] button[type=submit]")
    assert "blade-ct.pdf" in enterprise.locator("[data-testid=held-attachments]").inner_text()
    enterprise.fill("#id_budget_max_cny", "1500000")
    with enterprise.expect_navigation():
        enterprise.click("[data-testid=need-form] button[type=submit]")
    assert "Submitted" in enterprise.locator("[data-testid=need-status]").inner_text()
    assert "blade-ct.pdf" in enterprise.locator("main, .page-wrapper").first.inner_text()
    _fits(enterprise)
    enterprise.goto("/en/")
    assert title in enterprise.locator("[data-testid=my-needs]").inner_text()


def test_a_project_manager_writes_in_the_thread_of_a_case_they_own(person: Any) -> None:
    pm = person("pm")
    pm.goto("/en/")
    assigned = pm.locator("[data-testid=assigned-needs]")
    assert "Needs assigned to me" in assigned.inner_text()
    assert "To introduce" in assigned.inner_text()
    _fits(pm)
    # The case they own opens on its workspace
    with pm.expect_navigation():
        pm.locator("[data-testid=owned-cases] [data-testid=case-row] a").first.click()
    assert "/en/cooperation/cases/" in pm.url
    case_path = pm.url.split("/en", 1)[1]
    text = "Could we meet next week to agree the test plan for the samples?"
    pm.fill("[data-testid=message-form] textarea[name=body]", text)
    pm.click("[data-testid=message-form] button[type=submit]")
    pm.locator("[data-testid=case-message]", has_text=text).wait_for()
    assert pm.url.endswith(case_path), "the thread updates in place"
    _fits(pm)
    # Headquarters read it on the same case, in Chinese
    hq = person("hq")
    hq.goto(case_path)
    assert hq.locator("[data-testid=case-message]", has_text=text).count() == 1
    assert "对接留言" in hq.locator("[data-testid=case-thread]").inner_text()


def test_institute_staff_sign_off_a_milestone_of_their_contract(person: Any) -> None:
    institute = person("institute")
    institute.goto("/en/")
    due = institute.locator("[data-testid=milestones-due] a").first
    with institute.expect_navigation():
        due.click()
    assert "/en/cooperation/contracts/" in institute.url
    rows = institute.locator("[data-testid=milestones] tr[data-testid^=milestone-]")
    open_row = rows.filter(has=institute.locator("button", has_text="Accept")).first
    milestone = open_row.get_attribute("data-testid")
    open_row.locator("button", has_text="Accept").click()
    form = institute.locator(f"form[data-testid=sign-off-{milestone.split('-', 1)[1]}]")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "acceptance.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with institute.expect_navigation():
        form.locator("button[type=submit]").click()
    signed = institute.locator(f"tr[data-testid={milestone}]")
    assert dt.date.today().isoformat() in signed.inner_text()
    assert signed.locator("a", has_text="Acceptance document").count() == 1
    _fits(institute)


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
