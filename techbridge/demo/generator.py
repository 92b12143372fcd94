"""A seeded, repeatable generator of a realistic bilingual demo network.

The network runs from 2013 (the first institutes) to 2021. Its 2020 records add up to the
figures of the President's Statement of the 2020 annual report (``SEED_2020``); every other
year follows the same shape at its own scale. Records are written with ``bulk_create`` in
one transaction, so a failed run leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from techbridge.accounts.models import Membership
from techbridge.achievements.models import AchievementTransfer, TechnologicalAchievement
from techbridge.cooperation.models import (
    CaseStageChange,
    ContractMilestone,
    ContractPayment,
    CooperationCase,
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
    MajorProjectMilestone,
)
from techbridge.cooperation.services import contract_title
from techbridge.core.choices import Role
from techbridge.core.keywords import join_keywords
from techbridge.core.models import Industry, TechnologyField
from techbridge.demo.chains import create_demo_chains
from techbridge.institutes.choices import FigureOrigin
from techbridge.institutes.models import (
    BusinessUnit,
    EvaluationScheme,
    EvaluationWeight,
    InnovationPlatform,
    InstituteYear,
    ResearchInstitute,
    RevenueRecord,
)
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import (
    Enterprise,
    JointProject,
    Organisation,
    OverseasPartner,
    PartnershipAgreement,
    University,
)
from techbridge.people.models import (
    Affiliation,
    Expert,
    ProfileDocument,
    ProjectManager,
    ProjectManagerTeamMember,
)
from techbridge.talent.models import (
    CourseEnrolment,
    Fellow,
    GraduateCohort,
    GraduateStudent,
    ProjectCourse,
)
from techbridge.ventures.models import EquityStake, InvestmentRound, SpinOff

from . import text
from .vocabulary import (
    BRAND_SYLLABLES,
    BUSINESS_UNITS,
    CITIES,
    FIELD_PLATFORM,
    FIELDS,
    GIVEN,
    INDUSTRIES,
    INDUSTRY_SUFFIX,
    OVERSEAS,
    OVERSEAS_FAMILY,
    OVERSEAS_GIVEN,
    PLATFORMS,
    SURNAMES,
    UNIVERSITIES,
    FieldVocabulary,
    Term,
)

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


class DemoGenerator:
    """Builds the demo network. ``generate()`` is deterministic for a given ``seed``."""

    def __init__(self, seed: int = 2020) -> None:
        self.seed = seed

    def generate(self) -> dict[str, int]:
        self.rng_ = random.Random(self.seed)
        # Records added after the 2020 figures were fixed draw from their own stream, so that
        # the main stream (and with it every tested figure) stays exactly as it was.
        self.extra_rng_ = random.Random(self.seed + 1)
        # Keywords were added later still: their own stream too.
        self.keyword_rng_ = random.Random(self.seed + 2)
        self.world_ = World()
        self._names_used: set[str] = set()
        with transaction.atomic(), disable_auditlog():
            self._taxonomy()
            self._institutes()
            self._universities_and_partners()
            self._enterprises()
            self._experts()
            self._project_managers()
            self._fellows()
            self._students()
            self._jics()
            self._needs()
            self._contracts()
            self._achievements()
            self._spinoffs()
            self._revenue()
            self._major_projects()
            self._users()
            self._equity_stakes()
            self._cases()
            self._frontier_records()
            self._evaluation_scheme()
            self.world_.counts.update(create_demo_chains())
            self._jitri_university()
            self._joint_projects()
        return self.world_.counts

    # -- helpers -------------------------------------------------------------------------

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

    # -- steps ---------------------------------------------------------------------------

    def _taxonomy(self) -> None:
        w = self.world_
        for code, name in INDUSTRIES.items():
            w.industries[code] = Industry(code=code, name_zh=name.zh, name_en=name.en)
        self._bulk(Industry, list(w.industries.values()))
        for f in FIELDS:
            w.fields[f.code] = TechnologyField(code=f.code, name_zh=f.name.zh, name_en=f.name.en)
        self._bulk(TechnologyField, list(w.fields.values()))
        children = []
        for f in FIELDS:
            for i, tech in enumerate(f.technologies):
                children.append(
                    TechnologyField(
                        code=f"{f.code}-{i + 1}",
                        name_zh=tech.zh,
                        name_en=tech.en,
                        parent=w.fields[f.code],
                    )
                )
        self._bulk(TechnologyField, children)

    def _institutes(self) -> None:
        rng, w = self.rng_, self.world_
        units = {
            code: BusinessUnit(code=code, name_zh=t.zh, name_en=t.en)
            for code, t in BUSINESS_UNITS.items()
        }
        self._bulk(BusinessUnit, list(units.values()))
        platforms = {
            code: InnovationPlatform(
                code=code, name_zh=t.zh, name_en=t.en, business_unit=units[unit]
            )
            for code, (t, unit) in PLATFORMS.items()
        }
        self._bulk(InnovationPlatform, list(platforms.values()))
        HQ = Organisation(
            kind="headquarters",
            name_zh="江苏省产业技术研究院",
            name_en="Jiangsu Industrial Technology Research Institute",
            region="nanjing",
            city="南京",
            website="https://www.jitri.example",
            description="本网络总部，负责需求征集、资源对接、研究所评价与投资。",
        )
        HQ.save()
        self.hq_ = HQ
        # Five or six institutes per field, each named after one of its key technologies.
        slots = [(f, tech) for i in range(6) for f in FIELDS for tech in [f.technologies[i]]]
        total = sum(INSTITUTES_JOINED.values())
        joined_years = [y for y, n in sorted(INSTITUTES_JOINED.items()) for _ in range(n)]
        institutes = []
        for (f, tech), joined_year in zip(slots[:total], joined_years, strict=True):
            city_code, city = rng.choice(CITIES)
            founding = joined_year - rng.choice((0, 0, 1, 3, 8))
            inst = ResearchInstitute(
                name_zh=f"江苏集萃{tech.zh}研究所",
                name_en=f"JITRI Institute of {tech.en.title()}",
                short_name=f"集萃{tech.zh[:4]}所",
                region=city_code,
                city=city.zh,
                technical_focus_zh=f"{tech.zh}、{f.technologies[0].zh}及{f.products[0].zh}应用",
                technical_focus_en=f"{tech.en}, {f.technologies[0].en} and {f.products[0].en}",
                business_unit=units[f.business_unit],
                platform=platforms.get(FIELD_PLATFORM[f.code] or ""),
                founding_year=founding,
                joined_on=random_date(rng, *year_range(joined_year)),
                description=f"聚焦{f.name.zh}领域的{tech.zh}研发与产业化。",
            )
            institutes.append(inst)
            w.institute_field[id(inst)] = f
        self._save_all(institutes)
        for inst in institutes:
            f = w.institute_field.pop(id(inst))
            w.institute_field[inst.pk] = f
            inst.technology_fields.add(w.fields[f.code])
        w.institutes = institutes
        years = []
        for inst in institutes:
            size = rng.randint(60, 420)
            for year in range(max(inst.joined_on.year, 2016), 2021):
                size = int(size * rng.uniform(1.02, 1.18))
                years.append(
                    InstituteYear(
                        institute=inst,
                        year=year,
                        headcount=size,
                        researchers=int(size * rng.uniform(0.55, 0.8)),
                        # Years before the platform came from the institutes' Excel returns.
                        origin=FigureOrigin.IMPORTED if year < 2020 else FigureOrigin.MANUAL,
                    )
                )
        self._bulk(InstituteYear, years)

    def _universities_and_partners(self) -> None:
        rng, w = self.rng_, self.world_
        unis = [
            University(
                name_zh=t.zh,
                name_en=t.en,
                region=region,
                city=dict(CITIES)[region].zh,
                is_partner=True,
            )
            for t, region in UNIVERSITIES
        ]
        self._save_all(unis)
        w.universities = unis
        partners = []
        first_years = [
            y
            for y, n in sorted(_targets(PARTNERS_FIRST_AGREEMENT, "overseas_partners").items())
            for _ in range(n)
        ]
        # The three partners the seed names come first, so they fall in 2020.
        order = list(range(3, len(OVERSEAS)))
        rng.shuffle(order)
        first_2020 = first_years.index(2020)
        assignment: dict[int, int] = {}
        for i in range(3):
            assignment[i] = 2020
        rest_years = first_years[:first_2020] + first_years[first_2020 + 3 :]
        for idx, year in zip(order, rest_years, strict=True):
            assignment[idx] = year
        agreements = []
        for i, (name, parent, dept, country, ptype, fcode) in enumerate(OVERSEAS):
            p = OverseasPartner(
                name_zh=name.zh,
                name_en=name.en,
                region="abroad",
                country=country,
                partner_type=ptype,
                parent_name=parent,
                department=dept,
            )
            p.save()
            p.technology_fields.add(w.fields[fcode])
            partners.append(p)
            signed = random_date(rng, *year_range(assignment[i]))
            agreements.append(
                PartnershipAgreement(
                    partner=p,
                    title=f"战略合作协议 · Strategic partnership agreement ({name.en})",
                    scope=(
                        "联合研究、人才交流与技术转移 / "
                        "joint research, staff exchange and technology transfer"
                    ),
                    signed_on=signed,
                    valid_from=signed,
                    valid_until=signed.replace(year=signed.year + 5),
                )
            )
            if rng.random() < 0.4 and signed.year < 2021:
                later = random_date(rng, signed + dt.timedelta(days=200), LAST_DAY)
                agreements.append(
                    PartnershipAgreement(
                        partner=p,
                        title=f"联合实验室协议 · Joint laboratory agreement ({name.en})",
                        scope="共建联合实验室 / a joint laboratory",
                        signed_on=later,
                        valid_from=later,
                        valid_until=None,
                    )
                )
        self.world_.counts["overseaspartner"] = len(partners)
        self._bulk(PartnershipAgreement, agreements)
        w.partners = partners

    def _enterprises(self) -> None:
        rng, w = self.rng_, self.world_
        ents = []
        for _ in range(420):
            f = rng.choice(FIELDS)
            industry = f.industry if rng.random() < 0.8 else rng.choice(list(INDUSTRIES))
            city_code, city = rng.choice(CITIES)
            brand = self._brand()
            suffix = INDUSTRY_SUFFIX[industry]
            listed = rng.random() < 0.2
            ents.append(
                Enterprise(
                    name_zh=f"{city.zh}{brand.zh}{suffix.zh}{'股份' if listed else ''}有限公司",
                    name_en=f"{city.en} {brand.en} {suffix.en} Co., Ltd.",
                    region=city_code,
                    city=city.zh,
                    industry=w.industries[industry],
                    size=rng.choice(("small", "medium", "medium", "large", "micro")),
                    unified_credit_code=f"91320{rng.randint(10**12, 10**13 - 1)}",
                    description=f"主营{rng.choice(f.products).zh}的研发、生产与销售。",
                )
            )
        self._save_all(ents)
        for e in ents:
            w.enterprises_by_industry[e.industry.code].append(e)
        for group in w.enterprises_by_industry.values():
            for a, b in zip(group[::7], group[1::7], strict=False):
                a.competitors.add(b)
        w.enterprises = ents

    def _experts(self) -> None:
        rng, w = self.rng_, self.world_
        experts: list[Expert] = []
        expert_field: list[FieldVocabulary] = []
        orgs: list[tuple[Organisation, FieldVocabulary, str]] = []
        for inst in w.institutes:
            for _ in range(rng.randint(5, 7)):
                orgs.append((inst, w.institute_field[inst.pk], "CN"))
        for uni in w.universities:
            uni_fields = rng.sample(FIELDS, 3)
            for _ in range(rng.randint(10, 14)):
                orgs.append((uni, rng.choice(uni_fields), "CN"))
        for partner, spec in zip(w.partners, OVERSEAS, strict=True):
            for _ in range(rng.randint(2, 3)):
                orgs.append((partner, self._field_of(spec[5]), spec[3]))
        for org, f, country in orgs:
            if country == "CN":
                name = self._person()
                title = rng.choice(
                    (
                        "professor",
                        "professor",
                        "associate_professor",
                        "researcher",
                        "associate_researcher",
                        "senior_engineer",
                    )
                )
            else:
                en = f"{rng.choice(OVERSEAS_GIVEN)} {rng.choice(OVERSEAS_FAMILY)}"
                name = Term("", en)
                title = rng.choice(("professor", "associate_professor", "researcher"))
            experts.append(
                Expert(
                    name_zh=name.zh,
                    name_en=name.en,
                    organisation=org,
                    title=title,
                    country=country,
                    email=f"{_mailbox(name.en)}{rng.randint(1, 99)}@example.org",
                    bio_zh=f"长期从事{f.name.zh}研究，主要方向为{rng.choice(f.technologies).zh}。"
                    if country == "CN"
                    else "",
                    bio_en=(
                        f"Works on {f.name.en.lower()}, "
                        f"in particular {rng.choice(f.technologies).en}."
                    ),
                )
            )
            expert_field.append(f)
        experts = self._bulk(Expert, experts)
        through = Expert.technology_fields.through
        links = []
        docs: list[ProfileDocument] = []
        affiliations: list[Affiliation] = []
        for expert, f in zip(experts, expert_field, strict=True):
            w.experts_by_org[expert.organisation_id].append(expert)
            links.append(through(expert_id=expert.pk, technologyfield_id=w.fields[f.code].pk))
            specialty = rng.sample(list(f.technologies), 3)
            for _ in range(rng.randint(4, 9)):
                topic = text.pick_topic(rng, f, specialty)
                kind = rng.choices(("paper", "patent", "project"), (0.65, 0.25, 0.10))[0]
                lang = "en" if expert.country != "CN" or rng.random() < 0.45 else "zh"
                year = rng.randint(2012, 2021)
                if kind == "paper":
                    t = text.paper(rng, topic, lang)
                elif kind == "patent":
                    number = (
                        f"CN{rng.randint(10**8, 10**9 - 1)}A"
                        if lang == "zh"
                        else f"US{rng.randint(10**6, 10**7 - 1)}B2"
                    )
                    t = text.patent(rng, topic, lang, number)
                else:
                    t = text.project(rng, topic, lang)
                docs.append(
                    ProfileDocument(
                        expert=expert,
                        kind=kind,
                        title=t.title,
                        abstract=t.body,
                        keywords=topic_keywords(self.keyword_rng_, topic, f, lang),
                        language=lang,
                        year=year,
                        venue=t.venue,
                    )
                )
            start = dt.date(rng.randint(2005, 2018), rng.randint(1, 12), 1)
            affiliations.append(
                Affiliation(
                    expert=expert,
                    organisation_id=expert.organisation_id,
                    position=rng.choice(
                        ("首席科学家", "研究员", "教授", "Professor", "Group leader")
                    ),
                    start_date=start,
                )
            )
            if rng.random() < 0.5:
                prev_org = rng.choice(w.universities)
                prev_start = dt.date(start.year - rng.randint(3, 8), rng.randint(1, 12), 1)
                affiliations.append(
                    Affiliation(
                        expert=expert,
                        organisation=prev_org,
                        position=rng.choice(("讲师", "博士后", "Postdoctoral fellow", "副教授")),
                        start_date=prev_start,
                        end_date=start - dt.timedelta(days=1),
                    )
                )
        self._bulk(through, links)
        self._bulk(ProfileDocument, docs)
        self._bulk(Affiliation, affiliations)

    def _project_managers(self) -> None:
        rng, w = self.rng_, self.world_
        pms = []
        for year, n in sorted(_targets(PMS, "project_managers").items()):
            eligible = [i for i in w.institutes if i.joined_on.year <= year]
            for _ in range(n):
                inst = rng.choice(eligible)
                f = w.institute_field[inst.pk]
                name = self._person()
                origin = rng.choice(("CN", "CN", "US", "DE", "GB", "JP", "SG", "CA"))
                tech = rng.choice(f.technologies)
                pms.append(
                    ProjectManager(
                        name_zh=name.zh,
                        name_en=name.en,
                        institute=inst,
                        introduced_on=random_date(
                            rng, max(inst.joined_on, year_range(year)[0]), year_range(year)[1]
                        ),
                        origin_country=origin,
                        background=(
                            f"曾在{'海外' if origin != 'CN' else '国内'}知名企业"
                            f"从事{tech.zh}研发十余年。"
                        ),
                        project_title=f"{tech.zh}产业化 / Commercialising {tech.en}",
                        technology_field=w.fields[f.code],
                        capacity=rng.randint(3, 8),
                    )
                )
        pms = self._bulk(ProjectManager, pms)
        team = []
        for pm in pms:
            w.pms_by_institute[pm.institute_id].append(pm)
            for _ in range(rng.randint(2, 5)):
                team.append(
                    ProjectManagerTeamMember(
                        project_manager=pm,
                        name=self._person().zh,
                        role=rng.choice(("core", "engineer", "engineer", "business")),
                        joined_on=random_date(rng, pm.introduced_on, LAST_DAY),
                    )
                )
        self._bulk(ProjectManagerTeamMember, team)

    def _fellows(self) -> None:
        rng, w = self.rng_, self.world_
        fellows = []
        for year, n in sorted(_targets(FELLOWS, "fellows").items()):
            eligible = [i for i in w.institutes if i.joined_on.year <= year]
            for _ in range(n):
                inst = rng.choice(eligible)
                fellows.append(
                    Fellow(
                        expert=rng.choice(w.experts_by_org[inst.pk]),
                        level=rng.choice(("fellow", "junior_fellow", "junior_fellow")),
                        institute=inst,
                        technology_field=w.fields[w.institute_field[inst.pk].code],
                        hired_on=random_date(
                            rng, max(inst.joined_on, year_range(year)[0]), year_range(year)[1]
                        ),
                    )
                )
        self._bulk(Fellow, fellows)

    def _students(self) -> None:
        rng, w = self.rng_, self.world_
        students = []
        for year, n in sorted(_targets(STUDENTS, "graduates").items()):
            eligible = [i for i in w.institutes if i.joined_on.year <= year]
            for _ in range(n):
                inst = rng.choice(eligible)
                uni = rng.choice(w.universities)
                f = w.institute_field[inst.pk]
                name = self._person()
                degree = "master" if rng.random() < 0.75 else "doctor"
                enrolled = dt.date(year, 9, rng.randint(1, 20))
                finish = enrolled.replace(year=year + (3 if degree == "master" else 4), month=6)
                tech = rng.choice(f.technologies)
                students.append(
                    GraduateStudent(
                        name_zh=name.zh,
                        name_en=name.en,
                        university=uni,
                        institute=inst,
                        university_supervisor=rng.choice(w.experts_by_org[uni.pk]),
                        institute_supervisor=rng.choice(w.experts_by_org[inst.pk]),
                        degree=degree,
                        enrolled_on=enrolled,
                        graduated_on=finish if finish <= LAST_DAY else None,
                        project_title=f"{tech.zh}关键问题研究 / Key problems of {tech.en}",
                    )
                )
        self._bulk(GraduateStudent, students)

    def _enterprise_for(self, f: FieldVocabulary) -> Enterprise:
        pool = self.world_.enterprises_by_industry.get(f.industry) or self.world_.enterprises
        return self.rng_.choice(pool)

    def _jics(self) -> None:
        rng, w = self.rng_, self.world_
        jics = []
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
                jics.append(
                    JointInnovationCenter(
                        name_zh=f"{ent.name_zh[:-4]}-{inst.short_name}联合创新中心",
                        name_en=(
                            f"{ent.name_en.removesuffix(' Co., Ltd.')} – {inst.name_en} "
                            "Joint Innovation Center"
                        ),
                        enterprise=ent,
                        institute=inst,
                        established_on=est,
                        period_start=est,
                        period_end=est.replace(year=est.year + 3),
                        planned_investment_cny=Decimal(amount),
                        committed_investment_cny=Decimal(committed),
                        spent_investment_cny=Decimal(int(committed * rng.uniform(0.2, 0.9))),
                    )
                )
        w.jics = self._bulk(JointInnovationCenter, jics)

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

    def _contracts(self) -> None:
        rng, w = self.rng_, self.world_
        contracts: list[CooperationContract] = []
        used: set[int] = set()
        seq = 0

        def add(
            need: TechnologyNeed | None,
            client: Organisation,
            inst: ResearchInstitute,
            jic: JointInnovationCenter | None,
            value: int,
            year: int,
            f: FieldVocabulary,
        ) -> None:
            nonlocal seq
            seq += 1
            start, end = year_range(year)
            earliest = max(start, need.submitted_on + dt.timedelta(days=20)) if need else start
            signed = random_date(rng, earliest, end)
            # A contract's title never repeats what only the need's readers may know.
            title = contract_title(need) if need else f"{rng.choice(f.technologies).zh}技术开发"
            contracts.append(
                CooperationContract(
                    title=title,
                    contract_number=f"JS{year}-{seq:05d}",
                    need=need,
                    jic=jic,
                    client=client,
                    contractor=inst,
                    value_cny=Decimal(value),
                    signed_on=signed,
                    start_on=signed,
                    end_on=signed + dt.timedelta(days=rng.randint(180, 900)),
                    status="signed",
                )
            )
            if need is not None:
                used.add(need.pk)
                need.status = "contracted"

        for year, n in sorted(_targets(JIC_CONTRACTS, "cooperation_projects").items()):
            values = (
                split_total(rng, SEED_2020["contract_value_cny"], n, unit=1_000)
                if year == 2020
                else [rng.randint(80, 900) * 10_000 for _ in range(n)]
            )
            pool = [
                x
                for x in w.jic_needs
                if x.pk not in used
                and x.submitted_on <= year_range(year)[1] - dt.timedelta(days=30)
                and x.submitted_on.year >= year - 2
            ]
            rng.shuffle(pool)
            for need, value in zip(pool[:n], values, strict=True):
                jic = need.jic
                assert jic is not None
                add(
                    need,
                    need.enterprise,
                    jic.institute,
                    jic,
                    value,
                    year,
                    w.institute_field[jic.institute_id],
                )
        for year, n in sorted(DIRECT_CONTRACTS.items()):
            for _ in range(n):
                f = rng.choice(FIELDS)
                insts = [
                    i
                    for i in w.institutes
                    if w.institute_field[i.pk] is f and i.joined_on.year <= year
                ]
                inst = rng.choice(insts or w.institutes)
                pool = [
                    x
                    for x in w.direct_needs
                    if x.pk not in used
                    and x.submitted_on.year in (year - 1, year)
                    and x.submitted_on <= year_range(year)[1] - dt.timedelta(days=30)
                ]
                direct_need = rng.choice(pool) if pool and rng.random() < 0.6 else None
                client = direct_need.enterprise if direct_need else self._enterprise_for(f)
                add(direct_need, client, inst, None, rng.randint(30, 800) * 10_000, year, f)
        contracts = self._bulk(CooperationContract, contracts)
        TechnologyNeed.objects.filter(pk__in=used).update(status="contracted")
        milestones, payments = [], []
        for c in contracts:
            k = rng.randint(2, 4)
            shares = split_total(rng, int(c.value_cny), k, unit=1_000)
            span = (c.end_on - c.start_on).days
            for i, share in enumerate(shares):
                due = c.start_on + dt.timedelta(days=span * (i + 1) // k)
                accepted = due + dt.timedelta(days=rng.randint(-10, 40))
                done = accepted <= LAST_DAY and rng.random() < 0.9
                milestones.append(
                    ContractMilestone(
                        contract=c,
                        title=("方案设计与评审", "样品试制", "中试验证", "验收交付")[
                            min(i + (4 - k), 3)
                        ],
                        due_on=due,
                        accepted_on=accepted if done else None,
                        amount_cny=Decimal(share),
                    )
                )
        milestones = self._bulk(ContractMilestone, milestones)
        for m in milestones:
            if m.accepted_on is not None and m.amount_cny > 0:
                payments.append(
                    ContractPayment(
                        contract_id=m.contract_id,
                        milestone=m,
                        received_on=min(
                            LAST_DAY, m.accepted_on + dt.timedelta(days=rng.randint(5, 60))
                        ),
                        amount_cny=m.amount_cny,
                    )
                )
        self._bulk(ContractPayment, payments)
        statuses = defaultdict(list)
        for c in contracts:
            if c.end_on < LAST_DAY:
                statuses["accepted"].append(c.pk)
            elif c.signed_on < LAST_DAY - dt.timedelta(days=30):
                statuses["in_delivery"].append(c.pk)
        for status, pks in statuses.items():
            CooperationContract.objects.filter(pk__in=pks).update(status=status)

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

    def _major_projects(self) -> None:
        rng, w = self.rng_, self.world_
        named_2020 = [
            (
                self._field_of("advanced-metals"),
                Term("金属柔性成形新工艺开发及产业化", "A new flexible forming process for metals"),
            ),
            (
                self._field_of("sic-power"),
                Term(
                    "碳化硅外延沉积装备研制",
                    "Epitaxial deposition equipment for silicon carbide electronics",
                ),
            ),
        ]
        projects, funding, milestones = [], [], []
        for year, n in sorted(_targets(MAJOR_PROJECTS, "major_projects").items()):
            totals = (
                split_total(rng, SEED_2020["major_project_investment_cny"], n, unit=100_000)
                if year == 2020
                else [rng.randint(20, 90) * 1_000_000 for _ in range(n)]
            )
            for i, total in enumerate(totals):
                if year == 2020 and i < len(named_2020):
                    f, name = named_2020[i]
                else:
                    f = rng.choice(FIELDS)
                    tech, prod = rng.choice(f.technologies), rng.choice(f.products)
                    name = Term(
                        f"{prod.zh}{tech.zh}重大专项", f"Major project: {tech.en} for {prod.en}"
                    )
                insts = [
                    x
                    for x in w.institutes
                    if w.institute_field[x.pk] is f and x.joined_on.year <= year
                ]
                approved = random_date(rng, *year_range(year))
                p = MajorProject(
                    name_zh=name.zh,
                    name_en=name.en,
                    lead_institute=rng.choice(insts or w.institutes),
                    description=f"面向{f.name.zh}产业链关键环节，填补国内空白并推动成果产业化。",
                    approved_on=approved,
                    status="underway" if year >= 2020 else "completed",
                )
                projects.append((p, total))
        created = self._bulk(MajorProject, [p for p, _ in projects])
        for p, (_, total) in zip(created, projects, strict=True):
            sources = rng.sample(
                ("provincial", "municipal", "enterprise", "network", "social_capital"),
                rng.randint(2, 4),
            )
            for source, amount in zip(
                sources, split_total(rng, total, len(sources), unit=100_000), strict=True
            ):
                funding.append(
                    MajorProjectFunding(project=p, source=source, amount_cny=Decimal(amount))
                )
            for k, title in enumerate(("立项评审", "关键技术突破", "样机/中试", "产业化验收")):
                due = p.approved_on + dt.timedelta(days=180 * (k + 1))
                milestones.append(
                    MajorProjectMilestone(
                        project=p,
                        title=title,
                        due_on=due,
                        completed_on=due if due <= LAST_DAY else None,
                    )
                )
        self._bulk(MajorProjectFunding, funding)
        self._bulk(MajorProjectMilestone, milestones)

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

    def _cases(self) -> None:
        """The pipeline: a case behind every contract with a need, and cases still under way."""
        rng, w = self.rng_, self.world_
        owner = get_user_model().objects.get(username="hq")
        tz = dt.timezone(dt.timedelta(hours=8))

        def at(day: dt.date) -> dt.datetime:
            return dt.datetime(day.year, day.month, day.day, rng.randint(9, 17), tzinfo=tz)

        cases: list[CooperationCase] = []
        histories: list[list[tuple[str, dt.date, str]]] = []
        contracts = CooperationContract.objects.filter(need__isnull=False).select_related(
            "need", "contractor"
        )
        for c in contracts:
            need = c.need
            assert need is not None
            opened = min(need.submitted_on + dt.timedelta(days=rng.randint(5, 20)), c.signed_on)
            steps = [
                ("introduced", opened, ""),
                ("in_contact", opened + (c.signed_on - opened) / 3, ""),
                ("negotiating", opened + (c.signed_on - opened) * 2 / 3, ""),
                ("contracted", c.signed_on, c.contract_number),
            ]
            if c.status in ("in_delivery", "accepted"):
                steps.append(("in_delivery", c.signed_on + dt.timedelta(days=20), ""))
            if c.status == "accepted":
                steps.append(("accepted", c.end_on, ""))
            cases.append(
                CooperationCase(
                    need=need,
                    resource_type="institute",
                    resource_id=str(c.contractor_id),
                    resource_name=c.contractor.name_zh,
                    institute=c.contractor,
                    stage=steps[-1][0],
                    stage_since=at(steps[-1][1]),
                    owner=owner,
                )
            )
            histories.append(steps)
        contracted_needs = {c.need_id for c in contracts}
        lost_reasons = (
            "企业预算调整，项目暂缓",
            "技术路线与企业规划不符",
            "交付周期无法满足企业要求",
        )
        under_way = [
            n
            for n in w.jic_needs + w.direct_needs
            if n.status in ("open", "matched")
            and n.pk not in contracted_needs
            and n.submitted_on.year >= 2021
        ]
        for need in rng.sample(under_way, min(70, len(under_way))):
            f_code = need.technology_field.code
            insts = [i for i in w.institutes if w.institute_field[i.pk].code == f_code]
            inst = rng.choice(insts or w.institutes)
            stage = rng.choice(("introduced", "introduced", "in_contact", "negotiating", "lost"))
            order = ["introduced", "in_contact", "negotiating"]
            day = need.submitted_on + dt.timedelta(days=rng.randint(3, 15))
            steps = []
            for name in order[: (order.index(stage) + 1) if stage != "lost" else 2]:
                steps.append((name, min(day, LAST_DAY), ""))
                day += dt.timedelta(days=rng.randint(7, 40))
            if stage == "lost":
                steps.append(("lost", min(day, LAST_DAY), rng.choice(lost_reasons)))
            cases.append(
                CooperationCase(
                    need=need,
                    resource_type="institute",
                    resource_id=str(inst.pk),
                    resource_name=inst.name_zh,
                    institute=inst,
                    stage=steps[-1][0],
                    stage_since=at(steps[-1][1]),
                    lost_reason=steps[-1][2] if stage == "lost" else "",
                    owner=owner,
                )
            )
            histories.append(steps)
        cases = self._bulk(CooperationCase, cases)
        concluded = list(contracts)
        for contract, case in zip(concluded, cases, strict=False):
            contract.case = case
        CooperationContract.objects.bulk_update(concluded, ["case"])
        changes = []
        for case, steps in zip(cases, histories, strict=True):
            previous = ""
            for name, day, note in steps:
                changes.append(
                    CaseStageChange(
                        case=case,
                        from_stage=previous,
                        to_stage=name,
                        changed_at=at(day),
                        note=note,
                        actor=owner,
                    )
                )
                previous = name
        self._bulk(CaseStageChange, changes)

    def _frontier_records(self) -> None:
        """Needs no institute of the network can meet yet, and a technology only partners
        abroad work on: the gaps the technology chains are there to show."""
        rng, w = self.rng_, self.world_
        frontier = [
            (
                "integrated-circuits",
                Term("电子特气", "electronic specialty gases"),
                ("高纯电子特气国产化", "电子特气纯度提升至 6N 的提纯工艺", "电子特气在线杂质检测"),
            ),
            (
                "integrated-circuits",
                Term("光刻机关键部件", "lithography tool subsystems"),
                ("光刻机关键部件国产化替代", "光刻机关键部件精密运动平台开发"),
            ),
            (
                "sic-power",
                Term("氧化镓功率器件", "gallium oxide power devices"),
                ("氧化镓功率器件外延与器件工艺", "氧化镓功率器件可靠性评估"),
            ),
        ]
        needs = []
        for code, tech, titles in frontier:
            f = self._field_of(code)
            for title in titles:
                need = self._make_need(
                    self._enterprise_for(f),
                    f,
                    random_date(rng, dt.date(2021, 3, 1), LAST_DAY),
                    None,
                )
                need.title = title
                need.description = (
                    f"公司急需{tech.zh}（{tech.en}）相关技术，目前完全依赖进口，"
                    f"希望寻找能够开展联合攻关的研究团队。"
                )
                need.status = "open"
                needs.append(need)
        w.direct_needs += self._bulk(TechnologyNeed, needs)
        partners_abroad = [
            e
            for org in w.partners
            for e in w.experts_by_org[org.pk]
            if self._field_of(OVERSEAS[w.partners.index(org)][5]).code == "sic-power"
        ]
        docs = [
            ProfileDocument(
                expert=expert,
                kind="paper",
                title=f"Gallium oxide power devices: {topic}",
                abstract=(
                    f"We report gallium oxide power devices with {topic}, "
                    "approaching the material's breakdown field limit."
                ),
                keywords=f"gallium oxide, power devices, {topic}, breakdown field",
                language="en",
                year=rng.randint(2018, 2021),
                venue="IEEE Electron Device Letters",
            )
            for expert in partners_abroad
            for topic in ("high breakdown voltage", "edge termination")
        ]
        self._bulk(ProfileDocument, docs)

    def _jitri_university(self) -> None:
        """Cohorts per university and intake year, and project-based courses with grades."""
        rng, w = self.extra_rng_, self.world_
        students = list(GraduateStudent.objects.order_by("pk"))
        intakes = sorted({(st.university_id, st.enrolled_on.year) for st in students})
        uni_by_pk = {u.pk: u for u in w.universities}
        cohorts = self._bulk(
            GraduateCohort,
            [
                GraduateCohort(
                    university_id=uni,
                    year=year,
                    name_zh=f"{uni_by_pk[uni].name_zh}{year}级集萃研究生班",
                    name_en=f"{uni_by_pk[uni].name_en}, JITRI class of {year}",
                )
                for uni, year in intakes
            ],
        )
        cohort_of = {(c.university_id, c.year): c for c in cohorts}
        for st in students:
            st.cohort = cohort_of[(st.university_id, st.enrolled_on.year)]
        GraduateStudent.objects.bulk_update(students, ["cohort"], batch_size=500)
        # Courses pair an institute with the university most of its students come from.
        by_pair: dict[tuple[int, int], list[GraduateStudent]] = defaultdict(list)
        for st in students:
            by_pair[(st.institute_id, st.university_id)].append(st)
        pairs = sorted(by_pair, key=lambda pair: -len(by_pair[pair]))[:60]
        field_of = w.institute_field
        courses: list[tuple[ProjectCourse, list[GraduateStudent]]] = []
        for inst_pk, uni_pk in pairs:
            f = field_of[inst_pk]
            for year in range(2018, 2022):
                term = rng.choice(("spring", "autumn"))
                starts = dt.date(year, 3 if term == "spring" else 9, 1)
                if starts > LAST_DAY:
                    continue
                eligible = [
                    st
                    for st in by_pair[(inst_pk, uni_pk)]
                    if st.enrolled_on < starts
                    and (st.graduated_on is None or st.graduated_on > starts)
                ]
                if len(eligible) < 3:
                    continue
                tech = rng.choice(f.technologies)
                courses.append(
                    (
                        ProjectCourse(
                            title_zh=f"{tech.zh}工程项目实践",
                            title_en=f"Engineering project: {tech.en}",
                            institute_id=inst_pk,
                            university_id=uni_pk,
                            year=year,
                            term=term,
                            credits=rng.choice((2, 2, 3, 4)),
                        ),
                        rng.sample(eligible, min(len(eligible), rng.randint(3, 12))),
                    )
                )
        created = self._bulk(ProjectCourse, [c for c, _ in courses])
        enrolments = []
        for course, (_, takers) in zip(created, courses, strict=True):
            marked = dt.date(course.year, 7 if course.term == "spring" else 12, 31) <= LAST_DAY
            for st in takers:
                grade = Decimal(rng.randint(52, 98)) if marked else None
                enrolments.append(
                    CourseEnrolment(
                        course=course,
                        student=st,
                        grade=grade,
                        passed=None if grade is None else grade >= 60,
                    )
                )
        self._bulk(CourseEnrolment, enrolments)

    def _joint_projects(self) -> None:
        """Projects institutes run with overseas partners, under the partners' agreements."""
        rng, w = self.extra_rng_, self.world_
        agreements: dict[int, list[PartnershipAgreement]] = defaultdict(list)
        for a in PartnershipAgreement.objects.order_by("signed_on", "pk"):
            agreements[a.partner_id].append(a)
        projects, teams = [], []
        for partner, spec in zip(w.partners, OVERSEAS, strict=True):
            f = self._field_of(spec[5])
            insts = [i for i in w.institutes if w.institute_field[i.pk] is f] or w.institutes
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                agreement = rng.choice(agreements[partner.pk])
                started = random_date(
                    rng, agreement.valid_from, min(agreement.valid_from.replace(month=12), LAST_DAY)
                )
                started = min(started + dt.timedelta(days=rng.randint(30, 400)), LAST_DAY)
                ended = started + dt.timedelta(days=rng.choice((365, 540, 730, 1095)))
                inst = rng.choice(insts)
                tech = rng.choice(f.technologies)
                projects.append(
                    JointProject(
                        name_zh=f"{tech.zh}联合研究",
                        name_en=f"Joint research on {tech.en} with {partner.name_en}",
                        partner=partner,
                        agreement=agreement,
                        institute=inst,
                        started_on=started,
                        ended_on=ended if ended <= LAST_DAY else None,
                        budget_cny=Decimal(rng.randint(8, 120) * 100_000),
                    )
                )
                people = rng.sample(
                    w.experts_by_org[partner.pk], min(2, len(w.experts_by_org[partner.pk]))
                ) + rng.sample(w.experts_by_org[inst.pk], 1)
                teams.append(people)
        created = self._bulk(JointProject, projects)
        through = JointProject.experts.through
        self._bulk(
            through,
            [
                through(jointproject_id=p.pk, expert_id=e.pk)
                for p, people in zip(created, teams, strict=True)
                for e in people
            ],
        )

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

    def _users(self) -> None:
        """Demo accounts, one per role, all with the printed demo password."""
        w = self.world_
        User = get_user_model()
        password = make_password(DEMO_PASSWORD)
        needs_by_ent: dict[int, int] = defaultdict(int)
        for n in w.jic_needs + w.direct_needs:
            needs_by_ent[n.enterprise_id] += 1
        busiest = sorted(needs_by_ent, key=lambda k: (-needs_by_ent[k], k))
        ent_a, ent_b = (Enterprise.objects.get(pk=k) for k in busiest[:2])
        jic = w.jics[-1]
        expert = w.experts_by_org[w.institutes[0].pk][0]
        accounts: list[tuple[str, str, str, bool, Organisation, str]] = [
            ("admin", "系统", "管理员", True, self.hq_, Role.HQ_STAFF),
            ("hq", "张", "敏", True, self.hq_, Role.HQ_STAFF),
            ("institute", "李", "强", False, w.institutes[0], Role.INSTITUTE_STAFF),
            ("jic", "王", "芳", False, jic.institute, Role.JIC_MANAGER),
            ("enterprise", "陈", "伟", False, ent_a, Role.ENTERPRISE_USER),
            ("enterprise2", "赵", "静", False, ent_b, Role.ENTERPRISE_USER),
            (
                "expert",
                expert.name_zh[:1],
                expert.name_zh[1:],
                False,
                expert.organisation,
                Role.EXPERT,
            ),
        ]
        memberships = []
        for username, last, first, staff, org, role in accounts:
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@techbridge.example",
                password=password,
                is_staff=staff,
                is_superuser=username == "admin",
            )
            memberships.append(Membership(user=user, organisation=org, role=role))
            if username == "expert":
                Expert.objects.filter(pk=expert.pk).update(user=user)
        self._bulk(Membership, memberships)
        self.world_.counts["user"] = len(accounts)


def generate_demo(seed: int = 2020) -> dict[str, int]:
    """Create the demo network in an empty database; returns how many records of each kind."""
    return DemoGenerator(seed=seed).generate()
