"""Achievements and ventures: achievements and transfers, spin-offs, rounds, equity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from techbridge.achievements.models import AchievementTransfer, TechnologicalAchievement
from techbridge.demo import text
from techbridge.demo.base import (
    ACHIEVEMENTS_CREATED,
    LAST_DAY,
    SPINOFFS,
    TRANSFERS,
    DemoBase,
    _targets,
    random_date,
    topic_keywords,
    year_range,
)
from techbridge.demo.vocabulary import INDUSTRY_SUFFIX
from techbridge.ventures.models import EquityStake, InvestmentRound, SpinOff


class VenturesSteps(DemoBase):
    def _achievements(self) -> None:
        rng, w = self.rng_, self.world_
        items = []
        for year, n in sorted(ACHIEVEMENTS_CREATED.items()):
            eligible = [i for i in w.institutes if i.joined_on.year <= max(year, 2013)]
            for _ in range(n):
                inst = rng.choice(eligible)
                f = w.institute_field[inst.pk]
                kind = rng.choices(
                    ("patent", "know_how", "prototype", "software", "process"),
                    (0.55, 0.15, 0.12, 0.08, 0.1),
                )[0]
                lang = "zh" if rng.random() < 0.85 else "en"
                number = (
                    f"ZL{year}1{rng.randint(10**7, 10**8 - 1)}.{rng.randint(0, 9)}"
                    if kind == "patent"
                    else ""
                )
                topic = text.pick_topic(rng, f)
                t = text.patent(rng, topic, lang, number)
                items.append(
                    TechnologicalAchievement(
                        title=t.title,
                        description=t.body,
                        keywords=topic_keywords(self.keyword_rng_, topic, f, lang),
                        language=lang,
                        kind=kind,
                        readiness=rng.randint(3, 8),
                        owner=inst,
                        technology_field=w.fields[f.code],
                        patent_number=number,
                        created_on=random_date(rng, *year_range(year)),
                    )
                )
        items = self._bulk(TechnologicalAchievement, items)
        through = TechnologicalAchievement.inventors.through
        links = []
        for a in items:
            staff = w.experts_by_org[a.owner_id]
            for e in rng.sample(staff, min(len(staff), rng.randint(1, 3))):
                links.append(through(technologicalachievement_id=a.pk, expert_id=e.pk))
        self._bulk(through, links)
        transfers = []
        for year, n in sorted(_targets(TRANSFERS, "achievements_transferred").items()):
            start, end = year_range(year)
            pool = [a for a in items if a.created_on <= end - dt.timedelta(days=30)]
            chosen = rng.sample(pool, n)
            # A few achievements are licensed twice in a year: distinct count stays n.
            chosen += rng.sample(chosen, n // 20)
            for a in chosen:
                f = w.institute_field[a.owner_id]
                transfers.append(
                    AchievementTransfer(
                        achievement=a,
                        recipient=self._enterprise_for(f),
                        mode=rng.choices(("licence", "assignment", "equity"), (0.5, 0.4, 0.1))[0],
                        transferred_on=random_date(
                            rng, max(start, a.created_on + dt.timedelta(days=1)), end
                        ),
                        value_cny=Decimal(rng.randint(5, 300) * 10_000),
                    )
                )
        self._bulk(AchievementTransfer, transfers)

    def _spinoffs(self) -> None:
        rng, w = self.rng_, self.world_
        spinoffs = []
        for year, n in sorted(_targets(SPINOFFS, "spinoffs").items()):
            start, end = year_range(year)
            eligible = [i for i in w.institutes if i.joined_on.year <= year]
            for _ in range(n):
                inst = rng.choice(eligible)
                f = w.institute_field[inst.pk]
                founded = random_date(rng, max(start, inst.joined_on), end)
                pms = [p for p in w.pms_by_institute[inst.pk] if p.introduced_on <= founded]
                brand = self._brand()
                inst_pct = Decimal(rng.randint(8, 40))
                spinoffs.append(
                    SpinOff(
                        name_zh=f"江苏{brand.zh}{INDUSTRY_SUFFIX[f.industry].zh}科技有限公司",
                        name_en=(
                            f"Jiangsu {brand.en} {INDUSTRY_SUFFIX[f.industry].en} "
                            "Technology Co., Ltd."
                        ),
                        institute=inst,
                        project_manager=rng.choice(pms) if pms and rng.random() < 0.7 else None,
                        technology_field=w.fields[f.code],
                        founded_on=founded,
                        registered_capital_cny=Decimal(
                            rng.choice((100, 200, 500, 1000, 2000)) * 10_000
                        ),
                        institute_equity_pct=inst_pct,
                        network_equity_pct=Decimal(rng.choice((0, 0, 2, 5, 10))),
                        status="active"
                        if rng.random() < 0.93
                        else rng.choice(("acquired", "closed")),
                    )
                )
        for s in spinoffs:
            if s.status != "active":
                earliest = min(s.founded_on + dt.timedelta(days=400), LAST_DAY)
                s.exited_on = random_date(self.extra_rng_, earliest, LAST_DAY)
        spinoffs = self._bulk(SpinOff, spinoffs)
        rounds = []
        for s in spinoffs:
            valuation = int(s.registered_capital_cny) * rng.randint(2, 6)
            day = s.founded_on
            for kind in ("grant", "angel", "pre_a", "series_a", "series_b")[
                : rng.choice((0, 1, 1, 2, 3, 4))
            ]:
                day = day + dt.timedelta(days=rng.randint(90, 500))
                if day > LAST_DAY:
                    break
                amount = max(100_000, valuation // rng.randint(5, 9) // 10_000 * 10_000)
                grant = (
                    amount
                    if kind == "grant"
                    else (amount // 3 // 10_000 * 10_000 if rng.random() < 0.2 else 0)
                )
                rounds.append(
                    InvestmentRound(
                        spinoff=s,
                        kind=kind,
                        closed_on=day,
                        amount_cny=Decimal(amount),
                        grant_cny=Decimal(grant),
                        pre_money_valuation_cny=Decimal(valuation),
                        post_money_valuation_cny=Decimal(valuation + amount),
                        investors="江苏产研投资基金"
                        if kind == "grant"
                        else rng.choice(
                            (
                                "苏州元禾控股",
                                "南京创投",
                                "无锡产业基金",
                                "Qiming Venture Partners",
                                "本网络天使基金",
                            )
                        ),
                    )
                )
                valuation = int((valuation + amount) * rng.uniform(1.3, 2.5)) // 10_000 * 10_000
        # No money goes into an enterprise after its exit (filtered, not skipped, so that the
        # random stream above is the same as before exits were recorded).
        rounds = [
            r for r in rounds if r.spinoff.exited_on is None or r.closed_on <= r.spinoff.exited_on
        ]
        self._bulk(InvestmentRound, rounds)
        self._exit_proceeds(spinoffs, rounds)

    def _exit_proceeds(self, spinoffs: list[SpinOff], rounds: list[InvestmentRound]) -> None:
        """Acquired spin-offs return the institute's and network's stakes at the last valuation."""
        rng = self.extra_rng_
        last_valuation: dict[int, Decimal] = {}
        for r in rounds:
            last_valuation[r.spinoff_id] = r.post_money_valuation_cny
        sold = []
        for s in spinoffs:
            if s.status == "acquired":
                valuation = last_valuation.get(s.pk, s.registered_capital_cny * 3)
                share = (s.institute_equity_pct + s.network_equity_pct) / 100
                multiple = Decimal(str(round(rng.uniform(0.9, 1.6), 2)))
                s.exit_proceeds_cny = (valuation * share * multiple).quantize(Decimal("1"))
                sold.append(s)
        SpinOff.objects.bulk_update(sold, ["exit_proceeds_cny"])

    def _equity_stakes(self) -> None:
        """Some institutes hold equity in enterprises of their field: conflicts of interest."""
        rng, w = self.rng_, self.world_
        stakes = []
        for inst in w.institutes:
            f = w.institute_field[inst.pk]
            pool = w.enterprises_by_industry.get(f.industry) or w.enterprises
            for ent in rng.sample(pool, min(len(pool), rng.choice((0, 0, 1, 2)))):
                stakes.append(
                    EquityStake(
                        institute=inst,
                        enterprise=ent,
                        equity_pct=Decimal(rng.choice((3, 5, 8, 10, 15, 20))),
                        acquired_on=random_date(rng, dt.date(2016, 1, 1), LAST_DAY),
                    )
                )
        self._bulk(EquityStake, stakes)
