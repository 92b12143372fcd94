"""The demo generator's shared parts: the seed figures, helpers and the world so far."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.core.keywords import join_keywords
from techbridge.core.models import Industry, TechnologyField
from techbridge.institutes.models import ResearchInstitute
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation, OverseasPartner, University
from techbridge.people.models import Expert, ProjectManager

from . import text
from .vocabulary import BRAND_SYLLABLES, FIELDS, GIVEN, SURNAMES, FieldVocabulary, Term

#: The 2020 headline figures of the seed document that the demo reproduces exactly.
SEED_2020 = {
    "new_institutes": 6,
    "project_managers": 40,
    "fellows": 36,
    "spinoffs": 160,
    "revenue_cny": 4_000_000_000,
    "achievements_transferred": 1036,  # "more than 1000"
    "new_jics": 54,
    "needs": 285,
    "planned_investment_cny": 413_000_000,
    "cooperation_projects": 123,
    "contract_value_cny": 630_000_000,
    "overseas_partners": 9,
    "major_projects": 7,
    "major_project_investment_cny": 300_000_000,
    "graduates": 1045,
}

YEARS = range(2016, 2022)
LAST_DAY = dt.date(2021, 11, 30)  # the demo's "today"
DEMO_PASSWORD = "techbridge-demo"

INSTITUTES_JOINED = {2013: 18, 2014: 8, 2015: 10, 2016: 9, 2017: 8, 2018: 7, 2019: 6, 2020: 6}
PMS = {2016: 22, 2017: 28, 2018: 33, 2019: 37, 2021: 31}
FELLOWS = {2018: 18, 2019: 27, 2021: 30}
SPINOFFS = {2016: 88, 2017: 104, 2018: 121, 2019: 143, 2021: 118}
REVENUE = {2016: 1_900_000_000, 2017: 2_400_000_000, 2018: 2_900_000_000, 2019: 3_400_000_000}
TRANSFERS = {2016: 520, 2017: 640, 2018: 760, 2019: 880, 2021: 720}
ACHIEVEMENTS_CREATED = {
    2014: 500,
    2015: 600,
    2016: 700,
    2017: 800,
    2018: 900,
    2019: 1000,
    2020: 1100,
    2021: 900,
}
JICS = {2017: 22, 2018: 35, 2019: 46, 2021: 40}
JIC_NEEDS = {2017: 90, 2018: 170, 2019: 230, 2021: 240}
DIRECT_NEEDS = {2016: 45, 2017: 50, 2018: 55, 2019: 60, 2020: 65, 2021: 55}
JIC_CONTRACTS = {2017: 35, 2018: 70, 2019: 98, 2021: 90}
DIRECT_CONTRACTS = {2016: 30, 2017: 35, 2018: 40, 2019: 45, 2020: 50, 2021: 35}
PARTNERS_FIRST_AGREEMENT = {2016: 4, 2017: 5, 2018: 6, 2019: 7, 2021: 5}
MAJOR_PROJECTS = {2018: 4, 2019: 5, 2021: 4}
STUDENTS = {2017: 520, 2018: 690, 2019: 860, 2021: 1120}


def _targets(plan: dict[int, int], key: str) -> dict[int, int]:
    return {**plan, 2020: SEED_2020[key]}


def split_total(rng: random.Random, total: int, n: int, unit: int = 10_000) -> list[int]:
    """``n`` positive amounts, multiples of ``unit`` where possible, that add up to ``total``."""
    weights = [rng.lognormvariate(0, 0.6) for _ in range(n)]
    scale = total / sum(weights)
    parts = [max(unit, round(w * scale / unit) * unit) for w in weights]
    parts[parts.index(max(parts))] += total - sum(parts)
    return parts


def _mailbox(name: str) -> str:
    """An ASCII mailbox from a name ("Lars Müller" -> "lars.muller"): addresses must validate."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ascii_name.lower().replace(" ", ".").replace("-", "").replace("'", "")


def topic_keywords(
    rng: random.Random, topic: text.Topic, vocabulary: FieldVocabulary, lang: str
) -> str:
    """3 to 5 keywords in ``lang`` from the words the title and abstract were written with:
    the technology first, then some of method, product, metric and field, in that order."""
    others = [topic.method, topic.product, topic.metric, vocabulary.name]
    chosen = sorted(rng.sample(range(len(others)), rng.randint(2, 4)))
    terms = [topic.tech, *(others[i] for i in chosen)]
    return join_keywords(term.zh if lang == "zh" else term.en for term in terms)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    end = max(start, end)
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def years_later(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), min(dt.date(year, 12, 31), LAST_DAY)


@dataclass
class World:
    """What the generator has made so far, for later steps to draw on."""

    fields: dict[str, TechnologyField] = field(default_factory=dict)
    industries: dict[str, Industry] = field(default_factory=dict)
    institutes: list[ResearchInstitute] = field(default_factory=list)
    institute_field: dict[int, FieldVocabulary] = field(default_factory=dict)
    enterprises: list[Enterprise] = field(default_factory=list)
    enterprises_by_industry: dict[str, list[Enterprise]] = field(
        default_factory=lambda: defaultdict(list)
    )
    universities: list[University] = field(default_factory=list)
    partners: list[OverseasPartner] = field(default_factory=list)
    experts_by_org: dict[int, list[Expert]] = field(default_factory=lambda: defaultdict(list))
    pms_by_institute: dict[int, list[ProjectManager]] = field(
        default_factory=lambda: defaultdict(list)
    )
    jics: list[JointInnovationCenter] = field(default_factory=list)
    jic_needs: list[TechnologyNeed] = field(default_factory=list)
    direct_needs: list[TechnologyNeed] = field(default_factory=list)
    achievements: list[TechnologicalAchievement] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


class DemoBase:
    """What every step of the generator shares: its random streams, the world so far, and
    the helpers that name people and brands and write records."""

    seed: int
    rng_: random.Random
    extra_rng_: random.Random
    keyword_rng_: random.Random
    publication_rng_: random.Random
    world_: World
    _names_used: set[str]
    hq_: Organisation

    def _field_of(self, code: str) -> FieldVocabulary:
        return next(f for f in FIELDS if f.code == code)

    def _person(self) -> Term:
        rng = self.rng_
        surname = rng.choice(SURNAMES)
        given = [rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))]
        return Term(
            surname.zh + "".join(g.zh for g in given),
            "".join(g.en for g in given).capitalize() + " " + surname.en,
        )

    def _brand(self) -> Term:
        rng = self.rng_
        # Two syllables while unused ones remain, then three: a name is never used twice.
        for attempt in range(10_000):
            parts = rng.sample(BRAND_SYLLABLES, 2 if attempt < 60 else 3)
            zh = "".join(p.zh for p in parts)
            if zh not in self._names_used:
                self._names_used.add(zh)
                return Term(zh, parts[0].en + "".join(p.en.lower() for p in parts[1:]))
        raise RuntimeError("ran out of brand names")

    def _bulk(self, model: type[Any], objs: list[Any]) -> list[Any]:
        created = model.objects.bulk_create(objs, batch_size=500)
        key = model._meta.model_name
        self.world_.counts[key] = self.world_.counts.get(key, 0) + len(created)
        return created

    def _save_all(self, objs: list[Any]) -> None:
        """Multi-table organisations cannot be bulk-created; save them one by one."""
        for obj in objs:
            obj.save()
        if objs:
            key = type(objs[0])._meta.model_name
            self.world_.counts[key] = self.world_.counts.get(key, 0) + len(objs)

    def _enterprise_for(self, f: FieldVocabulary) -> Enterprise:
        pool = self.world_.enterprises_by_industry.get(f.industry) or self.world_.enterprises
        return self.rng_.choice(pool)

    def _make_need(
        self,
        enterprise: Enterprise,
        f: FieldVocabulary,
        submitted: dt.date,
        jic: JointInnovationCenter | None,
    ) -> TechnologyNeed:
        rng, w = self.rng_, self.world_
        lang = "en" if rng.random() < 0.12 else "zh"
        mode = rng.choices(
            ("contract_rd", "licensing", "joint_lab", "talent"), (0.55, 0.2, 0.17, 0.08)
        )[0]
        budget_min = rng.choice((20, 30, 50, 80, 100, 150, 200, 300, 500))
        budget_max = int(budget_min * rng.choice((1.5, 2, 2, 3)))
        title, description, indicators, summary = text.need(
            rng, text.pick_topic(rng, f), lang, mode, budget_max
        )
        confidentiality = rng.choices(
            ("public_summary", "staff_only", "named_only"), (0.45, 0.42, 0.13)
        )[0]
        age = (LAST_DAY - submitted).days
        if age < 60:
            status = rng.choice(("submitted", "open"))
        elif age < 400:
            status = rng.choice(("open", "open", "matched", "parked", "returned"))
        else:
            status = rng.choice(("closed", "matched", "parked", "open"))
        return TechnologyNeed(
            title=title,
            description=description,
            technical_indicators=indicators,
            public_summary=summary,
            is_anonymous=confidentiality == "public_summary" and rng.random() < 0.5,
            language=lang,
            enterprise=enterprise,
            jic=jic,
            industry_id=enterprise.industry_id,
            technology_field=w.fields[f.code],
            budget_min_cny=Decimal(budget_min * 10_000),
            budget_max_cny=Decimal(budget_max * 10_000),
            deadline=submitted + dt.timedelta(days=rng.randint(180, 720)),
            cooperation_mode=mode,
            confidentiality=confidentiality,
            status=status,
            submitted_on=submitted,
        )
