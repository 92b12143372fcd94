"""Demo technology chains for Jiangsu's leading industries, built from the demo vocabulary.

Key technologies are tied to the technology-field children the demo creates (``<field>-<n>``,
one per key technology of the vocabulary). The demo's records carry the parent field, so a
record is mapped to a key technology by rule: it carries the child field, or it carries the
parent field and its text names the technology (in Chinese or English). Rule mappings are
stored as confirmed.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q, QuerySet

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.chains.choices import MappingSource, RecordType
from techbridge.chains.models import ChainLink, IndustryChain, KeyTechnology, TechnologyMapping
from techbridge.cooperation.models import CooperationContract
from techbridge.core.models import Industry, TechnologyField
from techbridge.demo.vocabulary import FIELDS, Term
from techbridge.institutes.models import ResearchInstitute
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import Expert
from techbridge.ventures.models import SpinOff

T = Term


class ChainSpec(NamedTuple):
    code: str
    name: Term
    description: Term
    industry: str
    field: str
    #: (link name, key technologies); a key technology is a vocabulary term of ``field``
    #: (tied to its child field) or a term of its own (no field).
    links: tuple[tuple[Term, tuple[Term, ...]], ...]


def _tech(field_code: str, index: int) -> Term:
    vocab = next(f for f in FIELDS if f.code == field_code)
    return vocab.technologies[index - 1]


CHAINS: tuple[ChainSpec, ...] = (
    ChainSpec(
        "integrated-circuits",
        T("集成电路产业链", "Integrated circuit chain"),
        T(
            "江苏集成电路产业从材料、装备、设计、制造到封装测试的全链条。",
            "Jiangsu's integrated circuit industry from materials and equipment to design, "
            "manufacturing, packaging and test.",
        ),
        "semiconductors",
        "integrated-circuits",
        (
            (
                T("材料", "Materials"),
                (_tech("integrated-circuits", 3), T("电子特气", "electronic specialty gases")),
            ),
            (
                T("装备", "Equipment"),
                (T("光刻机关键部件", "lithography tool subsystems"), _tech("sic-power", 8)),
            ),
            (
                T("设计", "Design"),
                (
                    _tech("integrated-circuits", 1),
                    _tech("integrated-circuits", 6),
                    _tech("integrated-circuits", 5),
                    _tech("integrated-circuits", 8),
                ),
            ),
            (
                T("制造", "Manufacturing"),
                (_tech("integrated-circuits", 7), T("先进制程工艺", "advanced process nodes")),
            ),
            (
                T("封装测试", "Packaging and test"),
                (_tech("integrated-circuits", 2), _tech("integrated-circuits", 4)),
            ),
        ),
    ),
    ChainSpec(
        "sic-power",
        T("碳化硅功率电子产业链", "SiC power electronics chain"),
        T(
            "从碳化硅衬底、外延到器件、模块和新能源汽车、光伏等应用。",
            "From SiC substrates and epitaxy to devices, modules and applications such as "
            "electric vehicles and photovoltaics.",
        ),
        "semiconductors",
        "sic-power",
        (
            (T("衬底", "Substrate"), (_tech("sic-power", 5),)),
            (T("外延", "Epitaxy"), (_tech("sic-power", 1), _tech("sic-power", 8))),
            (
                T("器件", "Device"),
                (
                    _tech("sic-power", 2),
                    _tech("sic-power", 6),
                    _tech("sic-power", 3),
                    T("氧化镓功率器件", "gallium oxide power devices"),
                ),
            ),
            (T("模块", "Module"), (_tech("sic-power", 4), _tech("sic-power", 7))),
            (
                T("应用", "Application"),
                (
                    T("新能源汽车电驱系统", "electric vehicle traction inverters"),
                    T("光伏逆变器", "photovoltaic inverters"),
                ),
            ),
        ),
    ),
    ChainSpec(
        "new-energy-batteries",
        T("新能源电池产业链", "New-energy battery chain"),
        T(
            "从正极材料、电芯到储能系统和电池回收。",
            "From cathode materials and cells to storage systems and battery recycling.",
        ),
        "energy",
        "energy-storage",
        (
            (T("材料", "Materials"), (_tech("energy-storage", 8),)),
            (T("电芯", "Cells"), (_tech("energy-storage", 1), _tech("energy-storage", 2))),
            (
                T("系统集成", "Systems"),
                (
                    _tech("energy-storage", 5),
                    _tech("energy-storage", 6),
                    _tech("energy-storage", 4),
                ),
            ),
            (T("回收利用", "Recycling"), (_tech("energy-storage", 7),)),
        ),
    ),
    ChainSpec(
        "biomedicine",
        T("生物医药产业链", "Biomedicine chain"),
        T(
            "从靶点发现、药物开发到工艺放大和生产。",
            "From target discovery and drug development to process scale-up and production.",
        ),
        "pharma",
        "biomedicine",
        (
            (
                T("发现", "Discovery"),
                (_tech("biomedicine", 5), _tech("biomedicine", 7), _tech("biomedicine", 8)),
            ),
            (
                T("开发", "Development"),
                (
                    _tech("biomedicine", 1),
                    _tech("biomedicine", 4),
                    _tech("biomedicine", 3),
                    _tech("biomedicine", 2),
                ),
            ),
            (T("生产", "Production"), (_tech("biomedicine", 6),)),
        ),
    ),
)


class ChainsExistError(Exception):
    """Demo chains are loaded only into a database without chains."""


def _child_fields() -> dict[str, TechnologyField]:
    """Child technology fields by their Chinese name."""
    return {f.name_zh: f for f in TechnologyField.objects.filter(parent__isnull=False)}


def _mentions(term: Term, *fields: str) -> Q:
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__icontains": term.zh})
        if term.en:
            q |= Q(**{f"{name}__icontains": term.en})
    return q


def _rule_matches(
    child: TechnologyField | None, parent: int, term: Term
) -> dict[str, QuerySet[Any]]:
    """Records of the key technology by rule: its child field, or the chain's field and a text
    that names the technology (a key technology without a child field is matched by text)."""

    def same(field: str) -> Q:
        return Q(**{field: child}) if child is not None else Q(pk__in=[])

    return {
        RecordType.NEED: TechnologyNeed.objects.filter(
            same("technology_field")
            | Q(technology_field_id=parent) & _mentions(term, "title", "description")
        ),
        RecordType.INSTITUTE: ResearchInstitute.objects.filter(
            same("technology_fields")
            | Q(technology_fields=parent)
            & _mentions(term, "technical_focus_zh", "technical_focus_en", "description")
        ),
        RecordType.EXPERT: Expert.objects.filter(
            same("technology_fields")
            | Q(technology_fields=parent) & _mentions(term, "bio_zh", "bio_en", "documents__title")
        ),
        RecordType.ACHIEVEMENT: TechnologicalAchievement.objects.filter(
            same("technology_field") | Q(technology_field_id=parent) & _mentions(term, "title")
        ),
        RecordType.CONTRACT: CooperationContract.objects.filter(
            same("need__technology_field")
            | Q(need__technology_field_id=parent) & _mentions(term, "need__title", "title")
        ),
        RecordType.SPINOFF: SpinOff.objects.filter(same("technology_field")),
    }


def create_demo_chains() -> dict[str, int]:
    """Create the demo chains and their rule mappings; returns counts per model."""
    if IndustryChain.objects.exists():
        raise ChainsExistError
    children = _child_fields()
    industries = {i.code: i for i in Industry.objects.all()}
    counts = {"chains": 0, "links": 0, "technologies": 0, "mappings": 0}
    with transaction.atomic():
        for spec in CHAINS:
            chain = IndustryChain.objects.create(
                code=spec.code,
                name_zh=spec.name.zh,
                name_en=spec.name.en,
                description_zh=spec.description.zh,
                description_en=spec.description.en,
                industry=industries.get(spec.industry),
            )
            counts["chains"] += 1
            chain_field = (
                TechnologyField.objects.filter(code=spec.code).values_list("pk", flat=True).first()
            )
            for link_order, (link_name, terms) in enumerate(spec.links, start=1):
                link = ChainLink.objects.create(
                    chain=chain, name_zh=link_name.zh, name_en=link_name.en, order=link_order
                )
                counts["links"] += 1
                for order, term in enumerate(terms, start=1):
                    child = children.get(term.zh)
                    tech = KeyTechnology.objects.create(
                        link=link,
                        name_zh=term.zh,
                        name_en=term.en,
                        technology_field=child,
                        order=order,
                    )
                    counts["technologies"] += 1
                    parent = child.parent_id if child is not None else chain_field
                    if parent is not None:
                        counts["mappings"] += _map_by_rule(tech, child, parent, term)
    return counts


def _map_by_rule(
    tech: KeyTechnology, child: TechnologyField | None, parent: int, term: Term
) -> int:
    mappings = [
        TechnologyMapping(
            key_technology=tech,
            record_type=record_type,
            record_id=pk,
            source=MappingSource.CONFIRMED,
            explanation=f"{child.code if child else parent}: {term.zh} / {term.en}",
        )
        for record_type, qs in _rule_matches(child, parent, term).items()
        for pk in qs.values_list("pk", flat=True).distinct()
    ]
    return len(TechnologyMapping.objects.bulk_create(mappings))
