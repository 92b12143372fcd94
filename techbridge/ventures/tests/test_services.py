"""Portfolio arithmetic, checked by hand on one spin-off with two rounds."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation

from techbridge.core.models import TechnologyField
from techbridge.institutes.models import ResearchInstitute
from techbridge.ventures import services
from techbridge.ventures.models import InvestmentRound, SpinOff

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def spinoff() -> SpinOff:
    """20 % institute, 5 % network; angel 10 M post-money (0.5 M of 2 M a grant), A 30 M."""
    s = SpinOff.objects.create(
        name_zh="测试衍生企业",
        name_en="Test Spin-off",
        institute=ResearchInstitute.objects.order_by("pk")[0],
        technology_field=TechnologyField.objects.order_by("pk")[0],
        founded_on=dt.date(2019, 3, 1),
        registered_capital_cny=D(1_000_000),
        institute_equity_pct=D(20),
        network_equity_pct=D(5),
    )
    InvestmentRound.objects.create(
        spinoff=s,
        kind="angel",
        closed_on=dt.date(2019, 6, 1),
        amount_cny=D(2_000_000),
        grant_cny=D(500_000),
        pre_money_valuation_cny=D(8_000_000),
        post_money_valuation_cny=D(10_000_000),
    )
    InvestmentRound.objects.create(
        spinoff=s,
        kind="series_a",
        closed_on=dt.date(2020, 5, 1),
        amount_cny=D(5_000_000),
        grant_cny=D(0),
        pre_money_valuation_cny=D(25_000_000),
        post_money_valuation_cny=D(30_000_000),
    )
    return s


def _holding(s: SpinOff, day: dt.date) -> services.Holding:
    return services.portfolio(SpinOff.objects.filter(pk=s.pk), as_of=day).holdings[0]


def test_stake_values_and_changes_after_two_rounds(spinoff: SpinOff) -> None:
    h = _holding(spinoff, dt.date(2020, 12, 31))
    assert h.valuation == D(30_000_000)
    assert h.institute_value == D(6_000_000)  # 20 % of 30 M
    assert h.network_value == D(1_500_000)  # 5 % of 30 M
    assert h.change_since_previous_round == D(20_000_000)  # 30 M - 10 M
    assert h.change_since_year_start == D(20_000_000)  # valued at 10 M on 1 January 2020
    assert h.raised == D(7_000_000)


def test_before_the_second_round_and_before_any_round(spinoff: SpinOff) -> None:
    h = _holding(spinoff, dt.date(2020, 3, 1))
    assert h.valuation == D(10_000_000)
    assert h.change_since_previous_round is None  # only one round closed yet
    assert h.change_since_year_start == 0
    # Before its first round the spin-off is valued at its registered capital.
    early = _holding(spinoff, dt.date(2019, 4, 1))
    assert early.valuation == D(1_000_000)
    assert early.institute_value == D(200_000)
    assert early.change_since_year_start == D(1_000_000)  # not founded on 1 January 2019


def test_totals_by_year_and_institute(spinoff: SpinOff) -> None:
    p = services.portfolio(SpinOff.objects.filter(pk=spinoff.pk), as_of=dt.date(2020, 12, 31))
    y2019, y2020 = p.by_year
    assert (y2019.year, y2019.institute_value, y2019.network_value) == (2019, D(2e6), D(5e5))
    assert (y2019.raised, y2019.grant, y2019.founded) == (D(2e6), D(5e5), 1)
    assert (y2020.year, y2020.institute_value, y2020.network_value) == (2020, D(6e6), D(1.5e6))
    assert (y2020.raised, y2020.grant, y2020.founded) == (D(5e6), 0, 0)
    (total,) = p.by_institute
    assert (total.holdings, total.institute_value, total.raised) == (1, D(6e6), D(7e6))
    # 25 % of the 20 M gained this year
    assert p.change_since_year_start == D(5_000_000)


def test_grant_and_equity_combined_per_round_and_in_total(spinoff: SpinOff) -> None:
    summary = services.round_summary(spinoff)
    assert [(line.round.grant_cny, line.equity_cny) for line in summary.lines] == [
        (D(500_000), D(1_500_000)),
        (D(0), D(5_000_000)),
    ]
    assert [line.valuation_change_cny for line in summary.lines] == [D(9e6), D(20e6)]
    assert [line.institute_stake_value_cny for line in summary.lines] == [D(2e6), D(6e6)]
    assert (summary.grant_cny, summary.equity_cny, summary.total_cny) == (
        D(500_000),
        D(6_500_000),
        D(7_000_000),
    )


def test_an_exited_stake_is_worth_nothing_after_the_exit(spinoff: SpinOff) -> None:
    spinoff.status = "acquired"
    spinoff.exited_on = dt.date(2020, 9, 1)
    spinoff.exit_proceeds_cny = D(8_000_000)
    spinoff.save()
    assert _holding(spinoff, dt.date(2020, 8, 31)).institute_value == D(6_000_000)
    after = _holding(spinoff, dt.date(2020, 12, 31))
    assert after.exited and after.valuation == 0 and after.institute_value == 0


def test_exit_date_must_match_the_status(spinoff: SpinOff) -> None:
    spinoff.exited_on = dt.date(2020, 9, 1)  # but still "active"
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        spinoff.full_clean()
    assert "存续企业不能有退出日期" in str(error.value)
    with transaction.atomic(), pytest.raises(IntegrityError):
        spinoff.save()
    spinoff.refresh_from_db()
    assert spinoff.exited_on is None


def test_exit_before_founding_is_refused(spinoff: SpinOff) -> None:
    spinoff.status = "closed"
    spinoff.exited_on = dt.date(2018, 1, 1)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        spinoff.full_clean()
    assert "退出日期" in str(error.value)
    spinoff.status, spinoff.exited_on = "active", None
    spinoff.exit_proceeds_cny = D(1)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        spinoff.full_clean()
    assert "退出回收金额不能为负，且仅在有退出日期时填写。" in str(error.value)


def test_demo_exits_are_dated_and_no_round_follows_them() -> None:
    exited = SpinOff.objects.exclude(status="active")
    assert exited.exists()
    assert not exited.filter(exited_on__isnull=True).exists()
    assert not InvestmentRound.objects.filter(
        spinoff__exited_on__isnull=False, closed_on__gt=F("spinoff__exited_on")
    ).exists()
    assert SpinOff.objects.filter(status="acquired", exit_proceeds_cny__gt=0).exists()
