"""Organisations: taxonomy, institutes, universities, overseas partners, enterprises."""

from __future__ import annotations

import datetime as dt

from techbridge.core import glossary
from techbridge.core.models import GlossaryTerm, Industry, TechnologyField
from techbridge.core.sequences import next_value
from techbridge.demo.base import (
    INSTITUTES_JOINED,
    LAST_DAY,
    PARTNERS_FIRST_AGREEMENT,
    DemoBase,
    _targets,
    random_date,
    year_range,
    years_later,
)
from techbridge.demo.vocabulary import (
    BUSINESS_UNITS,
    CITIES,
    FIELD_PLATFORM,
    FIELDS,
    INDUSTRIES,
    INDUSTRY_SUFFIX,
    OVERSEAS,
    PLATFORMS,
    UNIVERSITIES,
)
from techbridge.institutes.choices import FigureOrigin
from techbridge.institutes.models import (
    BusinessUnit,
    InnovationPlatform,
    InstituteYear,
    ResearchInstitute,
)
from techbridge.organisations.models import (
    Enterprise,
    Organisation,
    OverseasPartner,
    PartnershipAgreement,
    University,
)


class OrganisationsSteps(DemoBase):
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

    def _glossary(self) -> None:
        """The glossary headquarters keeps: each field's technologies and methods in Chinese
        and English, under the field."""
        w = self.world_
        terms = {
            (t.zh, t.en): GlossaryTerm(term_zh=t.zh, term_en=t.en, field=w.fields[f.code])
            for f in FIELDS
            for t in (*f.technologies, *f.methods)
        }
        self._bulk(GlossaryTerm, list(terms.values()))
        next_value(glossary.SEQUENCE)

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
            for t, region, _fields in UNIVERSITIES
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
                    valid_until=years_later(signed, 5),
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
