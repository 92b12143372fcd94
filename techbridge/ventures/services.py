"""The ventures portfolio: what the institutes' and the network's stakes in spin-offs are worth.

A spin-off is valued at the post-money valuation of its latest round closed on or before the
day asked about; before its first round, at its registered capital; after its exit, at nothing
(what the stake fetched is then its exit proceeds). A stake is worth ``pct / 100 × valuation``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, QuerySet

from .models import InvestmentRound, SpinOff

ZERO = Decimal(0)
CENT = Decimal("0.01")


def stake_value(pct: Decimal, valuation: Decimal) -> Decimal:
    """What ``pct`` per cent of an enterprise valued at ``valuation`` is worth."""
    return (pct * valuation / 100).quantize(CENT)


def valuation_on(spinoff: SpinOff, rounds: list[InvestmentRound], day: dt.date) -> Decimal:
    """The spin-off's valuation on ``day``; ``rounds`` are its rounds in closing order."""
    if spinoff.founded_on > day or (spinoff.exited_on is not None and spinoff.exited_on <= day):
        return ZERO
    closed = [r for r in rounds if r.closed_on <= day]
    return closed[-1].post_money_valuation_cny if closed else spinoff.registered_capital_cny


@dataclass
class Holding:
    """One spin-off in the portfolio, valued on ``as_of``."""

    spinoff: SpinOff
    rounds: list[InvestmentRound]
    as_of: dt.date
    valuation: Decimal = ZERO
    previous_round_valuation: Decimal | None = None
    year_start_valuation: Decimal = ZERO

    def __post_init__(self) -> None:
        s, day = self.spinoff, self.as_of
        self.valuation = valuation_on(s, self.rounds, day)
        closed = [r for r in self.rounds if r.closed_on <= day]
        if len(closed) >= 2 and self.valuation:
            self.previous_round_valuation = closed[-2].post_money_valuation_cny
        self.year_start_valuation = valuation_on(s, self.rounds, dt.date(day.year, 1, 1))

    @property
    def exited(self) -> bool:
        return self.spinoff.exited_on is not None and self.spinoff.exited_on <= self.as_of

    @property
    def latest_round(self) -> InvestmentRound | None:
        closed = [r for r in self.rounds if r.closed_on <= self.as_of]
        return closed[-1] if closed else None

    @property
    def institute_value(self) -> Decimal:
        return stake_value(self.spinoff.institute_equity_pct, self.valuation)

    @property
    def network_value(self) -> Decimal:
        return stake_value(self.spinoff.network_equity_pct, self.valuation)

    @property
    def change_since_previous_round(self) -> Decimal | None:
        if self.previous_round_valuation is None:
            return None
        return self.valuation - self.previous_round_valuation

    @property
    def change_since_year_start(self) -> Decimal:
        return self.valuation - self.year_start_valuation

    @property
    def raised(self) -> Decimal:
        return sum((r.amount_cny for r in self.rounds if r.closed_on <= self.as_of), ZERO)


@dataclass
class InstituteTotal:
    institute: object
    holdings: int = 0
    institute_value: Decimal = ZERO
    network_value: Decimal = ZERO
    raised: Decimal = ZERO


@dataclass
class YearTotal:
    year: int
    institute_value: Decimal = ZERO
    network_value: Decimal = ZERO
    raised: Decimal = ZERO
    grant: Decimal = ZERO
    founded: int = 0


@dataclass
class Portfolio:
    as_of: dt.date
    holdings: list[Holding]
    by_institute: list[InstituteTotal] = field(default_factory=list)
    by_year: list[YearTotal] = field(default_factory=list)

    @property
    def institute_value(self) -> Decimal:
        return sum((h.institute_value for h in self.holdings), ZERO)

    @property
    def network_value(self) -> Decimal:
        return sum((h.network_value for h in self.holdings), ZERO)

    @property
    def change_since_year_start(self) -> Decimal:
        """The change in the value of all stakes (institutes' and network's) this year."""
        return sum(
            (
                stake_value(
                    h.spinoff.institute_equity_pct + h.spinoff.network_equity_pct,
                    h.change_since_year_start,
                )
                for h in self.holdings
            ),
            ZERO,
        )

    @property
    def active(self) -> int:
        return sum(1 for h in self.holdings if not h.exited)


def default_as_of() -> dt.date:
    """The last day anything happened in the portfolio (a round or an exit), or today."""
    today = dt.date.today()
    last_round = InvestmentRound.objects.aggregate(d=Max("closed_on"))["d"]
    last_exit = SpinOff.objects.aggregate(d=Max("exited_on"))["d"]
    days = [d for d in (last_round, last_exit) if d is not None and d <= today]
    return max(days) if days else today


def _rounds_by_spinoff(spinoffs: Iterable[SpinOff]) -> dict[int, list[InvestmentRound]]:
    by: dict[int, list[InvestmentRound]] = defaultdict(list)
    for r in InvestmentRound.objects.filter(spinoff__in=list(spinoffs)).order_by("closed_on", "pk"):
        by[r.spinoff_id].append(r)
    return by


def portfolio(spinoffs: QuerySet[SpinOff], as_of: dt.date | None = None) -> Portfolio:
    """Value every spin-off in ``spinoffs`` on ``as_of``, with totals by institute and year."""
    as_of = as_of or default_as_of()
    items = list(
        spinoffs.filter(founded_on__lte=as_of).select_related(
            "institute", "project_manager", "technology_field"
        )
    )
    rounds = _rounds_by_spinoff(items)
    holdings = [Holding(s, rounds[s.pk], as_of) for s in items]
    by_institute: dict[int, InstituteTotal] = {}
    for h in holdings:
        t = by_institute.setdefault(
            h.spinoff.institute_id, InstituteTotal(institute=h.spinoff.institute)
        )
        t.holdings += 1
        t.institute_value += h.institute_value
        t.network_value += h.network_value
        t.raised += h.raised
    years: list[YearTotal] = []
    if items:
        for year in range(min(s.founded_on.year for s in items), as_of.year + 1):
            end = min(dt.date(year, 12, 31), as_of)
            yt = YearTotal(year)
            for s in items:
                valuation = valuation_on(s, rounds[s.pk], end)
                yt.institute_value += stake_value(s.institute_equity_pct, valuation)
                yt.network_value += stake_value(s.network_equity_pct, valuation)
                yt.founded += s.founded_on.year == year
                for r in rounds[s.pk]:
                    if r.closed_on.year == year and r.closed_on <= as_of:
                        yt.raised += r.amount_cny
                        yt.grant += r.grant_cny
            years.append(yt)
    return Portfolio(
        as_of=as_of,
        holdings=holdings,
        by_institute=sorted(by_institute.values(), key=lambda t: -t.institute_value),
        by_year=years,
    )


@dataclass
class RoundLine:
    """A round on a spin-off's page: grant and equity money, valuation and its step."""

    round: InvestmentRound
    equity_cny: Decimal
    valuation_change_cny: Decimal
    institute_stake_value_cny: Decimal
    network_stake_value_cny: Decimal


@dataclass
class RoundSummary:
    lines: list[RoundLine]
    grant_cny: Decimal
    equity_cny: Decimal
    total_cny: Decimal


def round_summary(spinoff: SpinOff) -> RoundSummary:
    """The spin-off's rounds with grant-plus-equity funding combined, per round and in total."""
    lines = []
    previous = spinoff.registered_capital_cny
    for r in spinoff.rounds.order_by("closed_on", "pk"):
        lines.append(
            RoundLine(
                round=r,
                equity_cny=r.amount_cny - r.grant_cny,
                valuation_change_cny=r.post_money_valuation_cny - previous,
                institute_stake_value_cny=stake_value(
                    spinoff.institute_equity_pct, r.post_money_valuation_cny
                ),
                network_stake_value_cny=stake_value(
                    spinoff.network_equity_pct, r.post_money_valuation_cny
                ),
            )
        )
        previous = r.post_money_valuation_cny
    grant = sum((line.round.grant_cny for line in lines), ZERO)
    equity = sum((line.equity_cny for line in lines), ZERO)
    return RoundSummary(lines=lines, grant_cny=grant, equity_cny=equity, total_cny=grant + equity)
