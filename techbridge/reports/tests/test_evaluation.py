"""Evaluation and funding allocation, checked by hand on tiny inputs and on the demo."""

from typing import Any

import pytest

from techbridge.institutes.choices import Indicator
from techbridge.institutes.models import EvaluationScheme, EvaluationWeight
from techbridge.reports.evaluation import (
    EvaluationError,
    FundingRule,
    InstituteScore,
    allocate,
    evaluate,
    score_institutes,
)

NAMES = {1: "A", 2: "B", 3: "C"}


def test_scores_by_hand() -> None:
    # Given two indicators: A best on transfers, C best on spin-offs, weights 3 : 1
    values: dict[str, dict[int, float]] = {
        Indicator.TRANSFERS: {1: 10.0, 2: 5.0, 3: 0.0},
        Indicator.SPINOFFS: {1: 0.0, 2: 1.0, 3: 4.0},
    }
    ranked = score_institutes(values, {Indicator.TRANSFERS: 3, Indicator.SPINOFFS: 1}, NAMES)
    by_name = {s.name: s for s in ranked}
    # A: 100*(3*1 + 1*0)/4 = 75; B: 100*(3*0.5 + 1*0.25)/4 = 43.75; C: 100*(0 + 1)/4 = 25
    assert by_name["A"].score == pytest.approx(75)
    assert by_name["B"].score == pytest.approx(43.75)
    assert by_name["C"].score == pytest.approx(25)
    assert [s.name for s in ranked] == ["A", "B", "C"] and [s.rank for s in ranked] == [1, 2, 3]
    # Each score is traceable: its components add up to it.
    b = by_name["B"]
    assert sum(c.points for c in b.components) == pytest.approx(b.score)
    assert {(c.indicator, c.raw, c.normalised) for c in b.components} == {
        (Indicator.TRANSFERS, 5.0, 0.5),
        (Indicator.SPINOFFS, 1.0, 0.25),
    }


def test_ties_share_a_rank() -> None:
    ranked = score_institutes(
        {Indicator.TRANSFERS: {1: 2.0, 2: 2.0, 3: 0.0}}, {Indicator.TRANSFERS: 1}, NAMES
    )
    assert [s.rank for s in ranked] == [1, 1, 3]


def _scores(*pairs: tuple[float, float]) -> list[InstituteScore]:
    return [
        InstituteScore(i + 1, NAMES[i + 1], score, i + 1, enterprise_revenue=revenue)
        for i, (score, revenue) in enumerate(pairs)
    ]


def test_allocation_by_hand() -> None:
    # Budget 1,000,000; floor 100,000 each; half of the remaining 700,000 by revenue, half by score
    scores = _scores((60, 300.0), (30, 100.0), (10, 0.0))
    amounts = allocate(scores, FundingRule(budget=1_000_000, floor=100_000, revenue_share=0.5))
    # A: 100,000 + 350,000*3/4 + 350,000*0.6 = 572,500; B: 100,000 + 87,500 + 105,000 = 292,500
    assert amounts == {1: 572_500, 2: 292_500, 3: 135_000}
    assert sum(amounts.values()) == 1_000_000


def test_caps_redistribute_what_they_cut() -> None:
    scores = _scores((60, 300.0), (30, 100.0), (10, 0.0))
    amounts = allocate(
        scores, FundingRule(budget=1_000_000, floor=100_000, cap=400_000, revenue_share=0.5)
    )
    assert max(amounts.values()) <= 400_000 and sum(amounts.values()) == 1_000_000
    assert amounts[1] == 400_000 and amounts[2] > 292_500 and amounts[3] > 135_000


@pytest.mark.parametrize(
    "rule",
    [
        FundingRule(budget=0),
        FundingRule(budget=100, floor=50),  # 3 floors of 50 exceed 100
        FundingRule(budget=1000, cap=100),  # 3 caps of 100 cannot hold 1000
        FundingRule(budget=1000, floor=200, cap=100),
        FundingRule(budget=1000, revenue_share=1.5),
    ],
)
def test_impossible_rules_are_refused(rule: FundingRule) -> None:
    with pytest.raises(EvaluationError):
        allocate(_scores((1, 1.0), (2, 1.0), (3, 1.0)), rule)


@pytest.mark.django_db
def test_demo_evaluation_and_allocation() -> None:
    scheme = EvaluationScheme.objects.create(name_zh="测试方案", name_en="Test scheme")
    EvaluationWeight.objects.create(
        scheme=scheme, indicator=Indicator.ENTERPRISE_REVENUE_SHARE, weight=40
    )
    EvaluationWeight.objects.create(scheme=scheme, indicator=Indicator.SPINOFFS, weight=60)
    ranked = evaluate(scheme, 2020)
    assert len(ranked) == 72  # every demo institute had joined by 2020
    assert ranked[0].rank == 1 and 0 <= ranked[-1].score <= ranked[0].score <= 100
    assert all(sum(c.points for c in s.components) == pytest.approx(s.score) for s in ranked)
    # Each input says where it came from: 2020 revenue entered by hand, spin-offs derived.
    # (an institute that joined in the second half of 2020 has no revenue on record)
    origins: dict[str, set[tuple[str, ...]]] = {}
    for score in ranked:
        for c in score.components:
            origins.setdefault(c.indicator, set()).add(c.origins)
    assert origins[Indicator.ENTERPRISE_REVENUE_SHARE] <= {("manual",), ()}
    assert ("manual",) in origins[Indicator.ENTERPRISE_REVENUE_SHARE]
    assert origins[Indicator.SPINOFFS] == {("derived",)}
    amounts = allocate(
        ranked, FundingRule(budget=200_000_000, floor=1_000_000, cap=8_000_000, revenue_share=0.3)
    )
    assert sum(amounts.values()) == 200_000_000 and max(amounts.values()) <= 8_000_000


@pytest.mark.django_db
def test_pages_what_if_and_confirm(user_factory: Any) -> None:
    from django.test import Client

    from techbridge.core.choices import Role
    from techbridge.institutes.models import FundingAllocation
    from techbridge.organisations.models import Enterprise, Organisation

    hq = Client()
    hq.force_login(
        user_factory("hq-eval", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    )
    page = hq.get("/en/institutes/evaluation/2020/").content.decode()
    assert 'data-testid="scores"' in page and "Market-oriented performance" in page
    rule = {"budget": "100000000", "floor": "500000", "cap": "5000000", "revenue_share": "30"}
    preview = hq.get("/institutes/evaluation/2020/what-if/", rule).content.decode()
    assert 'data-testid="what-if"' in preview and "100,000,000" in preview
    assert not FundingAllocation.objects.exists()  # a what-if saves nothing
    bad = hq.get(
        "/en/institutes/evaluation/2020/what-if/", {**rule, "floor": "90000000"}
    ).content.decode()
    assert 'data-testid="what-if-error"' in bad and "exceed" in bad
    hq.post("/institutes/evaluation/2020/confirm/", rule)
    assert FundingAllocation.objects.filter(year=2020).count() == 72
    # growth compares 2020 (entered by hand) with 2019 (imported from Excel): both badges
    growth = hq.get("/institutes/evaluation/2020/").content.decode()
    assert 'data-origin="imported"' in growth and 'data-origin="manual"' in growth
    assert sum(a.amount_cny for a in FundingAllocation.objects.filter(year=2020)) == 100_000_000
    outsider = Client()
    outsider.force_login(user_factory("ent-eval", Enterprise.objects.first(), Role.ENTERPRISE_USER))
    assert outsider.get("/institutes/evaluation/2020/").status_code == 403


@pytest.fixture
def hq_client(user_factory: Any) -> Any:
    from django.test import Client

    from techbridge.core.choices import Role
    from techbridge.organisations.models import Organisation

    client = Client()
    client.force_login(
        user_factory("hq-params", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    )
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/institutes/?year=%C2%B2",  # "²".isdigit() is True, int("²") fails
        "/institutes/?year=" + "9" * 5000,  # int() refuses over 4,300 digits
        "/institutes/?year=-5",
        "/institutes/evaluation/2019/?scheme=%C2%B2",
        "/institutes/evaluation/2019/?scheme=" + "9" * 5000,
    ],
)
def test_bad_query_parameters_are_ignored(hq_client: Any, url: str) -> None:
    from techbridge.reports.services import latest_year_with_data

    response = hq_client.get(url)
    assert response.status_code == 200
    if url.startswith("/institutes/?"):
        assert response.context["year"] == latest_year_with_data()


def _scheme() -> EvaluationScheme:
    scheme = EvaluationScheme.objects.create(name_zh="参数方案", name_en="Params scheme")
    EvaluationWeight.objects.create(scheme=scheme, indicator=Indicator.SPINOFFS, weight=1)
    return scheme


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("budget", "inf"),
        ("budget", "nan"),
        ("budget", "-inf"),
        ("budget", "1e20"),
        ("budget", "1000000000000"),  # 10**12: one digit more than amount_cny holds
        ("cap", "inf"),
        ("floor", "nan"),
        ("revenue_share", "inf"),
    ],
)
def test_what_if_refuses_non_finite_or_huge_numbers(hq_client: Any, field: str, value: str) -> None:
    _scheme()
    rule = {"budget": "100000000", field: value}
    page = hq_client.get("/institutes/evaluation/2019/what-if/", rule)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="what-if-error"' in html and field in html
    assert 'data-testid="what-if"' not in html  # no allocation table
    assert "1,000,000,000,000" in html  # the message gives the limit


@pytest.mark.django_db
def test_confirm_with_a_huge_budget_keeps_the_old_allocations(hq_client: Any) -> None:
    from techbridge.institutes.models import FundingAllocation

    scheme = _scheme()
    hq_client.post("/institutes/evaluation/2019/confirm/", {"budget": "100000000"})
    before = sorted(FundingAllocation.objects.filter(year=2019).values_list("pk", "amount_cny"))
    assert len(before) > 0 and sum(a for _pk, a in before) == 100_000_000
    response = hq_client.post(
        "/institutes/evaluation/2019/confirm/", {"budget": "1e20", "scheme": scheme.pk}
    )
    assert response.status_code == 302
    after = sorted(FundingAllocation.objects.filter(year=2019).values_list("pk", "amount_cny"))
    assert after == before
    page = hq_client.get(response["Location"])
    assert page.status_code == 200
    assert "1,000,000,000,000" in page.content.decode()  # the error message says the limit


@pytest.mark.django_db
def test_confirm_allocation_is_all_or_nothing() -> None:
    from techbridge.institutes.models import FundingAllocation
    from techbridge.reports.evaluation import MAX_AMOUNT_CNY, confirm_allocation

    scheme = _scheme()
    scores = evaluate(scheme, 2019)
    rule = FundingRule(budget=10_000_000)
    confirm_allocation(scheme, 2019, scores, allocate(scores, rule), rule)
    before = sorted(FundingAllocation.objects.filter(year=2019).values_list("pk", "amount_cny"))
    # Amounts too large for the column are refused before anything is deleted
    huge = {s.institute_id: MAX_AMOUNT_CNY for s in scores}
    with pytest.raises(EvaluationError):
        confirm_allocation(scheme, 2019, scores, huge, rule)
    # A failure after the delete (an amount for an institute without a score) rolls it back
    broken = {**allocate(scores, rule), -1: 1}
    with pytest.raises(KeyError):
        confirm_allocation(scheme, 2019, scores, broken, rule)
    after = sorted(FundingAllocation.objects.filter(year=2019).values_list("pk", "amount_cny"))
    assert after == before


def test_allocate_refuses_amounts_the_column_cannot_hold() -> None:
    from techbridge.reports.evaluation import MAX_AMOUNT_CNY

    assert MAX_AMOUNT_CNY == 10**12  # amount_cny: max_digits=14, decimal_places=2
    scores = _scores((1, 1.0), (2, 1.0), (3, 1.0))
    with pytest.raises(EvaluationError):
        allocate(scores, FundingRule(budget=MAX_AMOUNT_CNY))
    assert sum(allocate(scores, FundingRule(budget=MAX_AMOUNT_CNY - 1)).values()) == (
        MAX_AMOUNT_CNY - 1
    )
