"""Evaluating institutes by weighted indicators, and allocating a budget by the scores.

Every indicator is computed from the year's records; each is min–max normalised across the
institutes of that year, so a score is the weighted mean of normalised values (0–100), and
every component (raw value, normalised value, weight, points) is kept to trace it.
Allocation: every institute gets the floor; a share of the rest follows enterprise-contract
revenue and the remainder follows the scores; caps are applied and what they cut is shared
out again among the institutes below their cap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from techbridge.achievements.models import AchievementTransfer
from techbridge.cooperation.models import CooperationContract
from techbridge.institutes.choices import FigureOrigin, Indicator, RevenueSource
from techbridge.institutes.models import (
    EvaluationScheme,
    FundingAllocation,
    ResearchInstitute,
    RevenueRecord,
)
from techbridge.talent.models import GraduateStudent
from techbridge.ventures.models import SpinOff

_AMOUNT_FIELD = FundingAllocation._meta.get_field("amount_cny")
#: Amounts (budget, floor, cap, each allocation) must stay below this many yuan: the most
#: ``FundingAllocation.amount_cny`` can hold (SQLite would store more, PostgreSQL refuses).
MAX_AMOUNT_CNY: int = 10 ** (_AMOUNT_FIELD.max_digits - _AMOUNT_FIELD.decimal_places)


class EvaluationError(Exception):
    """Translated message: a rule that cannot be applied as given."""


@dataclass(frozen=True)
class Component:
    indicator: str
    label: str
    raw: float
    normalised: float
    weight: float
    points: float
    #: Where the raw value came from (``FigureOrigin`` values): the stored revenue records'
    #: origins (entered by hand or imported) or ``derived`` from the platform's records.
    origins: tuple[str, ...] = ()

    @property
    def origin_labels(self) -> list[tuple[str, str]]:
        return [(o, str(FigureOrigin(o).label)) for o in self.origins]


@dataclass
class InstituteScore:
    institute_id: int
    name: str
    score: float
    rank: int = 0
    enterprise_revenue: float = 0.0
    components: list[Component] = field(default_factory=list)


def _revenue(year: int) -> tuple[dict[int, float], dict[int, float]]:
    total: dict[int, float] = defaultdict(float)
    enterprise: dict[int, float] = defaultdict(float)
    for inst, source, amount in RevenueRecord.objects.filter(year=year).values_list(
        "institute_id", "source", "amount_cny"
    ):
        total[inst] += float(amount)
        if source == RevenueSource.ENTERPRISE_CONTRACTS:
            enterprise[inst] += float(amount)
    return total, enterprise


#: Indicators computed from revenue records (stored figures); the others are derived.
REVENUE_INDICATORS = {
    Indicator.ENTERPRISE_REVENUE: (0,),
    Indicator.ENTERPRISE_REVENUE_SHARE: (0,),
    Indicator.REVENUE_GROWTH: (0, -1),  # this year's and last year's records
}


def indicator_origins(year: int) -> dict[str, dict[int, tuple[str, ...]]]:
    """Per indicator and institute, the origins of the figures behind its raw value."""
    stored: dict[tuple[int, int], set[str]] = defaultdict(set)
    for inst, y, origin in RevenueRecord.objects.filter(year__in=(year, year - 1)).values_list(
        "institute_id", "year", "origin"
    ):
        stored[(inst, y)].add(origin)
    out: dict[str, dict[int, tuple[str, ...]]] = {}
    for indicator in Indicator.values:
        offsets = REVENUE_INDICATORS.get(indicator)  # type: ignore[call-overload]
        if offsets is None:
            out[indicator] = defaultdict(lambda: (FigureOrigin.DERIVED.value,))
            continue
        per: dict[int, tuple[str, ...]] = defaultdict(tuple)
        for (inst, y), origins in stored.items():
            if y - year in offsets:
                per[inst] = tuple(sorted(set(per[inst]) | origins))
        out[indicator] = per
    return out


def indicator_values(year: int, institute_ids: list[int]) -> dict[str, dict[int, float]]:
    """Each indicator's raw value per institute for ``year``, from the records."""
    total, enterprise = _revenue(year)
    previous, _previous_enterprise = _revenue(year - 1)
    counts = {
        Indicator.TRANSFERS: dict(
            AchievementTransfer.objects.filter(transferred_on__year=year)
            .values_list("achievement__owner")
            .annotate(n=Count("achievement", distinct=True))
        ),
        Indicator.SPINOFFS: dict(
            SpinOff.objects.filter(founded_on__year=year)
            .values_list("institute")
            .annotate(n=Count("id"))
        ),
        Indicator.CONTRACT_VALUE: dict(
            CooperationContract.objects.filter(signed_on__year=year)
            .values_list("contractor")
            .annotate(v=Sum("value_cny"))
        ),
        Indicator.STUDENTS: dict(
            GraduateStudent.objects.filter(enrolled_on__year=year)
            .values_list("institute")
            .annotate(n=Count("id"))
        ),
    }
    values: dict[str, dict[int, float]] = {}
    values[Indicator.ENTERPRISE_REVENUE] = {i: enterprise.get(i, 0.0) for i in institute_ids}
    values[Indicator.ENTERPRISE_REVENUE_SHARE] = {
        i: (enterprise.get(i, 0.0) / total[i] if total.get(i) else 0.0) for i in institute_ids
    }
    values[Indicator.REVENUE_GROWTH] = {
        i: ((total.get(i, 0.0) - previous[i]) / previous[i] if previous.get(i) else 0.0)
        for i in institute_ids
    }
    for indicator, per_institute in counts.items():
        values[indicator] = {i: float(per_institute.get(i) or 0) for i in institute_ids}
    return values


def score_institutes(
    values: Mapping[str, Mapping[int, float]],
    weights: Mapping[str, float],
    names: Mapping[int, str],
    labels: Mapping[str, str] | None = None,
    origins: Mapping[str, Mapping[int, tuple[str, ...]]] | None = None,
) -> list[InstituteScore]:
    """Weighted mean of min–max normalised indicators, 0–100, ranked (ties share a rank)."""
    if not weights or sum(weights.values()) <= 0:
        raise EvaluationError(_("评价方案至少需要一个正权重的指标。"))
    total_weight = sum(weights.values())
    labels = labels or {}
    scores = {i: InstituteScore(i, names[i], 0.0) for i in names}
    for indicator, weight in weights.items():
        per = values[indicator]
        low, high = min(per.values(), default=0.0), max(per.values(), default=0.0)
        for i, score in scores.items():
            raw = per.get(i, 0.0)
            norm = (raw - low) / (high - low) if high > low else 0.0
            points = 100 * weight * norm / total_weight
            score.components.append(
                Component(
                    indicator,
                    labels.get(indicator, indicator),
                    raw,
                    norm,
                    weight,
                    points,
                    origins[indicator][i] if origins else (),
                )
            )
            score.score += points
    ranked = sorted(scores.values(), key=lambda s: (-round(s.score, 6), s.name))
    for position, s in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        same = previous is not None and round(previous.score, 6) == round(s.score, 6)
        s.rank = previous.rank if same and previous is not None else position
    return ranked


def evaluate(scheme: EvaluationScheme, year: int) -> list[InstituteScore]:
    institutes = dict(
        ResearchInstitute.objects.filter(joined_on__year__lte=year).values_list("pk", "name_zh")
    )
    if not institutes:
        raise EvaluationError(_("该年度没有研究所。"))
    weights = {w.indicator: float(w.weight) for w in scheme.weights.all()}
    values = indicator_values(year, list(institutes))
    labels = {value: str(label) for value, label in Indicator.choices}
    ranked = score_institutes(values, weights, institutes, labels, indicator_origins(year))
    enterprise = values[Indicator.ENTERPRISE_REVENUE]
    for s in ranked:
        s.enterprise_revenue = enterprise[s.institute_id]
    return ranked


@dataclass(frozen=True)
class FundingRule:
    budget: int
    floor: int = 0
    cap: int | None = None
    revenue_share: float = 0.0  # of the budget above the floors, by enterprise-contract revenue


def allocate(scores: list[InstituteScore], rule: FundingRule) -> dict[int, int]:
    """Whole-CNY amounts per institute that add up to the budget exactly."""
    n = len(scores)
    if rule.budget <= 0 or n == 0:
        raise EvaluationError(_("预算必须大于零。"))
    if max(rule.budget, rule.floor, rule.cap or 0) >= MAX_AMOUNT_CNY:
        raise EvaluationError(
            _("预算、保底和上限均须小于 %(most)s 元。") % {"most": f"{MAX_AMOUNT_CNY:,}"}
        )
    if rule.floor < 0 or not 0 <= rule.revenue_share <= 1:
        raise EvaluationError(_("保底金额不能为负，收入挂钩比例须在 0–100% 之间。"))
    if rule.floor * n > rule.budget:
        raise EvaluationError(
            _("保底金额合计 %(need)s 元超过预算 %(budget)s 元。")
            % {"need": f"{rule.floor * n:,}", "budget": f"{rule.budget:,}"}
        )
    cap = rule.cap if rule.cap is not None else rule.budget
    if cap < rule.floor:
        raise EvaluationError(_("上限不能低于保底金额。"))
    if cap * n < rule.budget:
        raise EvaluationError(
            _("上限过低：%(n)d 家研究所最多分配 %(most)s 元，少于预算。")
            % {"n": n, "most": f"{cap * n:,}"}
        )
    rest = rule.budget - rule.floor * n
    by_revenue = rest * rule.revenue_share
    by_score = rest - by_revenue
    revenue_total = sum(s.enterprise_revenue for s in scores)
    score_total = sum(s.score for s in scores)
    amount = {
        s.institute_id: rule.floor
        + (by_revenue * s.enterprise_revenue / revenue_total if revenue_total else by_revenue / n)
        + (by_score * s.score / score_total if score_total else by_score / n)
        for s in scores
    }
    weight = {s.institute_id: (s.score or 1e-9) for s in scores}
    # Clip at the cap and share what was cut among the institutes still below it.
    for _round in range(n):
        excess = sum(max(0.0, a - cap) for a in amount.values())
        if excess < 0.5:
            break
        open_ = [i for i, a in amount.items() if a < cap]
        amount = {i: min(a, cap) for i, a in amount.items()}
        total = sum(weight[i] for i in open_)
        for i in open_:
            amount[i] += excess * weight[i] / total
    whole = {i: int(a) for i, a in amount.items()}
    remainder = rule.budget - sum(whole.values())
    for s in scores:  # leftover yuan from rounding go to the best ranked below the cap
        if remainder <= 0:
            break
        room = cap - whole[s.institute_id]
        give = min(room, remainder)
        whole[s.institute_id] += give
        remainder -= give
    return whole


@transaction.atomic
def confirm_allocation(
    scheme: EvaluationScheme,
    year: int,
    scores: list[InstituteScore],
    amounts: dict[int, int],
    rule: FundingRule,
) -> list[FundingAllocation]:
    """Replace the year's allocations with these (all or nothing)."""
    if any(not 0 <= amount < MAX_AMOUNT_CNY for amount in amounts.values()):
        raise EvaluationError(
            _("每家研究所的拨款须在 0 到 %(most)s 元之间。") % {"most": f"{MAX_AMOUNT_CNY:,}"}
        )
    FundingAllocation.objects.filter(year=year).delete()
    by_id = {s.institute_id: s for s in scores}
    return FundingAllocation.objects.bulk_create(
        FundingAllocation(
            institute_id=i,
            year=year,
            scheme=scheme,
            score=Decimal(f"{by_id[i].score:.2f}"),
            amount_cny=Decimal(amount),
            rule={
                "budget": rule.budget,
                "floor": rule.floor,
                "cap": rule.cap,
                "revenue_share": rule.revenue_share,
            },
        )
        for i, amount in amounts.items()
    )
