"""Compose realistic bilingual titles and abstracts from the demo vocabulary."""

from __future__ import annotations

import random
from typing import NamedTuple

from .vocabulary import FIELD_JOURNALS, JOURNALS_EN, JOURNALS_ZH, METRICS, FieldVocabulary, Term

#: "二期", "三期"...: the phase of a second or later record that would share a name.
NUMERALS_ZH = "〇一二三四五六七八九"


def phase_suffix(phase: int, english: bool = False) -> str:
    """The name suffix of a record's ``phase`` (none for the first)."""
    if phase <= 1:
        return ""
    if english:
        return f" (phase {phase})"
    return f"（{NUMERALS_ZH[phase] if phase < 10 else phase}期）"


class Text(NamedTuple):
    title: str
    body: str
    venue: str


class Topic(NamedTuple):
    """What one record is about: a technology, a product it serves, a method, a problem."""

    tech: Term
    product: Term
    method: Term
    problem: Term
    metric: Term
    field: str = ""  # the field's code


def pick_topic(
    rng: random.Random, field: FieldVocabulary, techs: list[Term] | None = None
) -> Topic:
    return Topic(
        tech=rng.choice(techs or list(field.technologies)),
        product=rng.choice(field.products),
        method=rng.choice(field.methods),
        problem=rng.choice(field.problems),
        metric=rng.choice(METRICS),
        field=field.code,
    )


def _journal(rng: random.Random, t: Topic, chinese: bool) -> str:
    """A journal of the paper's field. One draw over the whole list of the language's journals,
    mapped into the field's: what is drawn after it does not depend on how many journals a
    field has."""
    everything = JOURNALS_ZH if chinese else JOURNALS_EN
    index = rng.randrange(len(everything))
    own = FIELD_JOURNALS.get(t.field)
    if not own:
        return everything[index]
    journals = own[0] if chinese else own[1]
    return journals[index % len(journals)]


def paper(rng: random.Random, t: Topic, lang: str) -> Text:
    gain = rng.randint(8, 46)
    if lang == "zh":
        title = rng.choice(
            [
                f"基于{t.method.zh}的{t.product.zh}{t.tech.zh}研究",
                f"{t.tech.zh}在{t.product.zh}中的应用与{t.metric.zh}提升",
                f"面向{t.product.zh}的{t.tech.zh}关键技术",
                f"{t.method.zh}辅助的{t.tech.zh}性能优化",
            ]
        )
        body = (
            f"针对{t.product.zh}中{t.problem.zh}的问题，本文研究了{t.tech.zh}的关键机理，"
            f"提出一种基于{t.method.zh}的新方法。通过对工艺参数与结构的系统分析，"
            f"建立了{t.tech.zh}的性能预测模型。实验结果表明，所提方法使{t.metric.zh}提升{gain}%，"
            f"为{t.product.zh}的国产化与产业化应用提供了技术支撑。"
        )
        return Text(title, body, _journal(rng, t, chinese=True))
    title = rng.choice(
        [
            f"{t.method.en.capitalize()} for {t.tech.en} in {t.product.en}",
            f"Improving the {t.metric.en} of {t.tech.en} for {t.product.en}",
            f"Key technologies of {t.tech.en} for {t.product.en}",
            f"{t.method.en.capitalize()}-assisted optimisation of {t.tech.en}",
        ]
    )
    body = (
        f"To address {t.problem.en} in {t.product.en}, this work studies the mechanisms of "
        f"{t.tech.en} and proposes a new approach based on {t.method.en}. A predictive model "
        f"links process parameters and structure to performance. Experiments show a {gain}% "
        f"improvement in {t.metric.en}, supporting industrial deployment in {t.product.en}."
    )
    return Text(title, body, _journal(rng, t, chinese=False))


def patent(rng: random.Random, t: Topic, lang: str, number: str) -> Text:
    if lang == "zh":
        title = rng.choice(
            [
                f"一种用于{t.product.zh}的{t.tech.zh}方法及装置",
                f"一种{t.tech.zh}结构及其制备方法",
                f"一种基于{t.method.zh}的{t.tech.zh}系统",
            ]
        )
        body = (
            f"本发明公开了一种用于{t.product.zh}的{t.tech.zh}方法，包括预处理、{t.method.zh}"
            f"和在线检测等步骤。该方法有效解决了{t.problem.zh}的问题，显著提高了{t.metric.zh}，"
            f"适用于规模化生产。"
        )
        return Text(title, body, number)
    title = rng.choice(
        [
            f"Method and apparatus for {t.tech.en} in {t.product.en}",
            f"{t.tech.en.capitalize()} structure and method of manufacturing the same",
            f"System for {t.tech.en} based on {t.method.en}",
        ]
    )
    body = (
        f"A method for {t.tech.en} in {t.product.en} is disclosed, comprising pre-treatment, "
        f"{t.method.en} and in-line inspection. It overcomes {t.problem.en} and markedly "
        f"improves {t.metric.en}, and suits volume production."
    )
    return Text(title, body, number)


def project(rng: random.Random, t: Topic, lang: str) -> Text:
    if lang == "zh":
        return Text(
            f"{t.product.zh}{t.tech.zh}产业化项目",
            f"项目面向{t.product.zh}，围绕{t.tech.zh}开展工程化攻关，采用{t.method.zh}"
            f"解决{t.problem.zh}，完成中试验证并实现{t.metric.zh}的明显提升。",
            "",
        )
    return Text(
        f"Industrialisation of {t.tech.en} for {t.product.en}",
        f"An engineering project on {t.tech.en} for {t.product.en}: {t.method.en} was used to "
        f"overcome {t.problem.en}; pilot production confirmed a clear gain in {t.metric.en}.",
        "",
    )


MODE_PHRASE = {
    "contract_rd": ("以委托研发方式合作", "through contract R&D"),
    "licensing": (
        "优先考虑技术许可或转让",
        "preferably by licensing or purchase of the technology",
    ),
    "joint_lab": ("可共建联合实验室长期合作", "possibly through a joint laboratory"),
    "talent": (
        "同时希望引进相关领域高层次人才",
        "and we also wish to recruit senior talent in the field",
    ),
}


def need(
    rng: random.Random, t: Topic, lang: str, mode: str, budget_wan: int
) -> tuple[str, str, str, str]:
    """Title, description, technical indicators and public summary of a need."""
    gain = rng.randint(10, 40)
    batches = rng.randint(2, 5)
    phrase_zh, phrase_en = MODE_PHRASE[mode]
    if lang == "zh":
        title = rng.choice(
            [
                f"{t.product.zh}{t.tech.zh}技术攻关",
                f"解决{t.problem.zh}的{t.tech.zh}需求",
                f"{t.tech.zh}国产化替代",
                f"{t.product.zh}用{t.tech.zh}工艺开发",
            ]
        )
        description = (
            f"公司主要从事{t.product.zh}的研发与生产。目前在{t.tech.zh}环节存在{t.problem.zh}"
            f"的问题，直接影响产品{t.metric.zh}。希望与研究机构合作，结合{t.method.zh}等手段开展"
            f"联合攻关，{phrase_zh}。"
        )
        indicators = (
            f"1. {t.metric.zh}提升不低于{gain}%；2. 完成{batches}批次中试验证；"
            f"3. 形成可量产的工艺包与技术文件。"
        )
        summary = f"某{t.product.zh}企业寻求{t.tech.zh}方向的技术合作，预算约{budget_wan}万元。"
        return title, description, indicators, summary
    title = rng.choice(
        [
            f"{t.tech.en.capitalize()} for {t.product.en}",
            f"Solving {t.problem.en} with {t.tech.en}",
            f"Localised supply of {t.tech.en}",
        ]
    )
    description = (
        f"We develop and manufacture {t.product.en}. Our {t.tech.en} step suffers from "
        f"{t.problem.en}, which limits product {t.metric.en}. We seek a research partner to "
        f"solve it jointly, for example with {t.method.en}, {phrase_en}."
    )
    indicators = (
        f"1. At least {gain}% better {t.metric.en}; 2. validated in {batches} pilot batches; "
        f"3. a production-ready process package."
    )
    summary = (
        f"A manufacturer of {t.product.en} seeks cooperation on {t.tech.en}; "
        f"budget about {budget_wan * 10} thousand CNY."
    )
    return title, description, indicators, summary
