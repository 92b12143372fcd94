"""Institutes' figures: revenue and the evaluation scheme."""

from __future__ import annotations

from decimal import Decimal

from techbridge.demo.base import REVENUE, SEED_2020, DemoBase
from techbridge.institutes.choices import FigureOrigin
from techbridge.institutes.models import EvaluationScheme, EvaluationWeight, RevenueRecord


class InstitutesSteps(DemoBase):
    def _revenue(self) -> None:
        rng, w = self.rng_, self.world_
        totals = {**REVENUE, 2020: SEED_2020["revenue_cny"]}
        weights = {i.pk: rng.lognormvariate(0, 0.7) for i in w.institutes}
        records = []
        for year, total in sorted(totals.items()):
            active = [
                i
                for i in w.institutes
                if i.joined_on.year < year or (i.joined_on.year == year and i.joined_on.month <= 6)
            ]
            share = [weights[i.pk] for i in active]
            amounts = [int(total * s / sum(share)) // 10_000 * 10_000 for s in share]
            amounts[amounts.index(max(amounts))] += total - sum(amounts)
            for inst, amount in zip(active, amounts, strict=True):
                ent = int(amount * rng.uniform(0.42, 0.66)) // 10_000 * 10_000
                gov = int(amount * rng.uniform(0.18, 0.32)) // 10_000 * 10_000
                for source, value in (
                    ("enterprise_contracts", ent),
                    ("government", gov),
                    ("spinoff_income", amount - ent - gov),
                ):
                    records.append(
                        RevenueRecord(
                            institute=inst,
                            year=year,
                            source=source,
                            amount_cny=Decimal(value),
                            origin=FigureOrigin.IMPORTED if year < 2020 else FigureOrigin.MANUAL,
                        )
                    )
        self._bulk(RevenueRecord, records)

    def _evaluation_scheme(self) -> None:
        """The default performance scheme: market orientation first, as the seed describes."""
        scheme = EvaluationScheme.objects.create(
            name_zh="市场化绩效评价（默认）",
            name_en="Market-oriented performance (default)",
            description="以企业合同收入占比为主，兼顾增长、成果转化与衍生企业。",
            is_default=True,
        )
        weights = {
            "enterprise_revenue_share": 30,
            "revenue_growth": 20,
            "transfers": 20,
            "spinoffs": 15,
            "contract_value": 15,
        }
        self._bulk(
            EvaluationWeight,
            [EvaluationWeight(scheme=scheme, indicator=k, weight=v) for k, v in weights.items()],
        )
