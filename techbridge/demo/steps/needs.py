"""Needs: Joint Innovation Centers and the needs they and enterprises submit."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from techbridge.demo.base import (
    DIRECT_NEEDS,
    JIC_NEEDS,
    JICS,
    SEED_2020,
    DemoBase,
    _targets,
    random_date,
    split_total,
    year_range,
    years_later,
)
from techbridge.demo.text import phase_suffix
from techbridge.demo.vocabulary import FIELDS
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.models import TechnologyNeed


class NeedsSteps(DemoBase):
    def _jics(self) -> None:
        rng, w = self.rng_, self.world_
        jics = []
        # A second center of the same enterprise and institute is its next phase: a center's
        # name is its key in the register files.
        phases: Counter[tuple[int, int]] = Counter()
        for year, n in sorted(_targets(JICS, "new_jics").items()):
            planned = (
                split_total(rng, SEED_2020["planned_investment_cny"], n)
                if year == 2020
                else [rng.randint(300, 1100) * 10_000 for _ in range(n)]
            )
            eligible = [i for i in w.institutes if i.joined_on.year <= year]
            for amount in planned:
                inst = rng.choice(eligible)
                f = w.institute_field[inst.pk]
                ent = self._enterprise_for(f)
                est = random_date(
                    rng, max(year_range(year)[0], inst.joined_on), year_range(year)[1]
                )
                committed = int(amount * rng.uniform(0.5, 1.0)) // 10_000 * 10_000
                phases[ent.pk, inst.pk] += 1
                phase = phases[ent.pk, inst.pk]
                jics.append(
                    JointInnovationCenter(
                        name_zh=f"{ent.name_zh[:-4]}-{inst.short_name}联合创新中心"
                        + phase_suffix(phase),
                        name_en=(
                            f"{ent.name_en.removesuffix(' Co., Ltd.')} – {inst.name_en} "
                            "Joint Innovation Center" + phase_suffix(phase, english=True)
                        ),
                        enterprise=ent,
                        institute=inst,
                        established_on=est,
                        period_start=est,
                        period_end=years_later(est, 3),
                        planned_investment_cny=Decimal(amount),
                        committed_investment_cny=Decimal(committed),
                        spent_investment_cny=Decimal(int(committed * rng.uniform(0.2, 0.9))),
                    )
                )
        w.jics = self._bulk(JointInnovationCenter, jics)

    def _needs(self) -> None:
        rng, w = self.rng_, self.world_
        jic_needs, direct = [], []
        for year, n in sorted(_targets(JIC_NEEDS, "needs").items()):
            start, end = year_range(year)
            eligible = [j for j in w.jics if j.established_on <= end - dt.timedelta(days=10)]
            for _ in range(n):
                jic = rng.choice(eligible)
                f = w.institute_field[jic.institute_id]
                submitted = random_date(rng, max(start, jic.established_on), end)
                jic_needs.append(self._make_need(jic.enterprise, f, submitted, jic))
        for year, n in sorted(DIRECT_NEEDS.items()):
            for _ in range(n):
                f = rng.choice(FIELDS)
                direct.append(
                    self._make_need(
                        self._enterprise_for(f), f, random_date(rng, *year_range(year)), None
                    )
                )
        w.jic_needs = self._bulk(TechnologyNeed, jic_needs)
        w.direct_needs = self._bulk(TechnologyNeed, direct)
