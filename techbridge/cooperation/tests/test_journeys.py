"""The working day in Debian's Chromium: from an enterprise's need to a signed contract."""

import datetime as dt
import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_from_need_to_signed_contract(person: Any) -> None:
    # An enterprise submits a need through the guided form.
    enterprise = person("enterprise")
    enterprise.goto("/needs/new/")
    enterprise.fill("#id_title", "碳化硅功率模块外延缺陷控制")
    enterprise.fill(
        "#id_description",
        "我们的碳化硅功率器件外延层缺陷密度偏高，需要改进化学气相沉积外延生长工艺，提高良率。",
    )
    enterprise.fill("#id_technical_indicators", "外延缺陷密度降低 50%；器件良率提升 20%")
    enterprise.select_option("#id_technology_field", label="第三代半导体与功率电子")
    enterprise.fill("#id_budget_min_cny", "800000")
    enterprise.fill("#id_budget_max_cny", "1500000")
    enterprise.select_option("#id_cooperation_mode", "contract_rd")
    enterprise.select_option("#id_confidentiality", "staff_only")
    with enterprise.expect_navigation():
        enterprise.click("[data-testid=need-form] button[type=submit]")
    assert "已提交" in enterprise.locator("[data-testid=need-status]").inner_text()
    need_url = enterprise.url
    need_id = re.search(r"/needs/(\d+)/", need_url).group(1)  # type: ignore[union-attr]

    # Headquarters triage it and open it for matching.
    hq = person("hq")
    hq.goto(f"/needs/{need_id}/")
    with hq.expect_navigation():
        hq.click("[data-testid=open-need]")
    assert "对接中" in hq.locator("[data-testid=need-status]").inner_text()

    # The matches come with their explanations.
    hq.wait_for_selector("[data-testid=match]", timeout=120_000)
    first = hq.locator("[data-testid=match]").first
    assert "依据" in first.locator("[data-testid=match-reason]").inner_text()
    name = first.locator("a.fw-bold, strong").first.inner_text()

    # Introduce the best expert: the pipeline gets a case.
    first.locator("[data-testid=introduce]").click()
    hq.wait_for_selector("[data-testid=match] .badge.bg-green-lt")
    hq.goto("/cooperation/pipeline/")
    card = hq.locator("[data-testid=case-card]", has_text=name[:10]).first
    with hq.expect_navigation():
        card.locator("a").click()
    assert "已引荐" in hq.locator("[data-testid=case-stage]").inner_text()

    # Register the signed contract with two milestones.
    today = dt.date.today()
    form = hq.locator("[data-testid=contract-form]")
    if not form.locator("#id_contractor").input_value():
        form.locator("#id_contractor").select_option(index=1)
    form.locator("#id_value_cny").fill("1200000")
    form.locator("#id_signed_on").fill(today.isoformat())
    form.locator("#id_start_on").fill(today.isoformat())
    form.locator("#id_end_on").fill((today + dt.timedelta(days=365)).isoformat())
    for i, (title, days, amount) in enumerate(
        [("方案设计评审", 60, "400000"), ("中试验证", 300, "800000")]
    ):
        form.locator(f"#id_milestones-{i}-title").fill(title)
        form.locator(f"#id_milestones-{i}-due_on").fill(
            (today + dt.timedelta(days=days)).isoformat()
        )
        form.locator(f"#id_milestones-{i}-amount_cny").fill(amount)
    with hq.expect_navigation():
        form.locator("button[name=contract]").click()
    assert re.search(r"JS\d{4}-\d{5}", hq.locator("h2.page-title").inner_text())
    milestones = hq.locator("[data-testid=milestones] tbody tr[data-testid^=milestone-]")
    assert milestones.count() == 2

    # The first payment arrives; the first milestone is accepted with its signed record.
    payment = hq.locator("[data-testid=payment-form]")
    payment.locator("#id_amount_cny").fill("400000")
    payment.locator("#id_milestone").select_option(index=1)
    with hq.expect_navigation():
        payment.locator("button[type=submit]").click()
    assert "400,000" in hq.locator("[data-testid=payments]").inner_text()
    milestones.first.locator("button", has_text="验收").click()
    sign_off = hq.locator("form[data-testid^=sign-off-]").first
    sign_off.locator("input[type=file]").set_input_files(
        files=[{"name": "方案评审验收单.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with hq.expect_navigation():
        sign_off.locator("button[type=submit]").click()
    assert today.isoformat() in milestones.first.inner_text()
    assert milestones.first.locator("a", has_text="验收文件").count() == 1

    # The enterprise sees its need contracted.
    enterprise.goto(need_url)
    assert "已签约" in enterprise.locator("[data-testid=need-status]").inner_text()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_enterprise_is_refused_another_enterprises_confidential_need(person: Any) -> None:
    # One enterprise submits a need for headquarters' eyes only.
    owner = person("enterprise")
    owner.goto("/needs/new/")
    owner.fill("#id_title", "高纯电子特气提纯工艺")
    owner.fill("#id_description", "需要把电子特气纯度提升到 6N，现有精馏装置无法达到。")
    owner.select_option("#id_technology_field", label="集成电路设计与制造")
    owner.fill("#id_budget_min_cny", "300000")
    owner.fill("#id_budget_max_cny", "600000")
    owner.select_option("#id_cooperation_mode", "contract_rd")
    owner.select_option("#id_confidentiality", "staff_only")
    with owner.expect_navigation():
        owner.click("[data-testid=need-form] button[type=submit]")
    href = re.search(r"(/needs/\d+/)", owner.url).group(1)  # type: ignore[union-attr]

    # Another enterprise's user tries the address and is refused, in both languages.
    other = person("enterprise2")
    response = other.goto(href)
    assert response is not None and response.status == 404
    assert "找不到" in other.content()
    assert other.goto("/en" + href).status == 404
    # Nor does the need show in their list or their search.
    other.goto("/needs/?q=电子特气")
    assert href not in other.content() and "高纯电子特气" not in other.content()
