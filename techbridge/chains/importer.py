"""Import a technology chain from JSON or Excel: every problem is reported, nothing half-written.

JSON::

    {"code": "sic-power", "name_zh": "…", "name_en": "…", "description_zh": "…",
     "links": [{"name_zh": "衬底", "name_en": "Substrate",
                "technologies": [{"name_zh": "…", "name_en": "…", "field": "sic-power-5"}]}]}

Excel: one row per key technology, columns ``chain_code, chain_zh, chain_en, link_zh,
link_en, technology_zh, technology_en, field`` (``field``: a technology-field code, optional);
links and technologies keep the order of the rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from techbridge.core.models import TechnologyField

from .models import ChainLink, IndustryChain, KeyTechnology

EXCEL_COLUMNS = (
    "chain_code",
    "chain_zh",
    "chain_en",
    "link_zh",
    "link_en",
    "technology_zh",
    "technology_en",
    "field",
)


class ChainImportError(Exception):
    """Every problem found, each with where it is; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ChainSpec:
    code: str
    name_zh: str
    name_en: str
    description_zh: str = ""
    description_en: str = ""
    links: list[dict[str, Any]] = field(default_factory=list)


def _from_excel(path: Path) -> ChainSpec:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).active
    if sheet is None:
        raise ChainImportError([_("工作簿没有工作表。")])
    rows = list(sheet.iter_rows(values_only=True))
    if (
        not rows
        or tuple(str(c or "").strip() for c in rows[0][: len(EXCEL_COLUMNS)]) != EXCEL_COLUMNS
    ):
        raise ChainImportError(
            [_("第 1 行应为表头：%(columns)s") % {"columns": ", ".join(EXCEL_COLUMNS)}]
        )
    spec: ChainSpec | None = None
    links: dict[str, dict[str, Any]] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = dict(
            zip(EXCEL_COLUMNS, (str(c).strip() if c is not None else "" for c in row), strict=False)
        )
        if not any(values.values()):
            continue
        if spec is None:
            spec = ChainSpec(values["chain_code"], values["chain_zh"], values["chain_en"])
        elif values["chain_code"] != spec.code:
            raise ChainImportError(
                [_("第 %(row)d 行：一个文件只能导入一条技术链。") % {"row": number}]
            )
        link = links.setdefault(
            values["link_zh"],
            {
                "name_zh": values["link_zh"],
                "name_en": values["link_en"],
                "technologies": [],
                "row": number,
            },
        )
        link["technologies"].append(
            {
                "name_zh": values["technology_zh"],
                "name_en": values["technology_en"],
                "field": values["field"],
                "row": number,
            }
        )
    if spec is None:
        raise ChainImportError([_("文件中没有数据行。")])
    spec.links = list(links.values())
    return spec


def _from_json(path: Path) -> ChainSpec:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ChainImportError([_("不是有效的 JSON：%(error)s") % {"error": error}]) from error
    if not isinstance(data, dict):
        raise ChainImportError([_("JSON 顶层应为一个对象。")])
    return ChainSpec(
        code=str(data.get("code", "")),
        name_zh=str(data.get("name_zh", "")),
        name_en=str(data.get("name_en", "")),
        description_zh=str(data.get("description_zh", "")),
        description_en=str(data.get("description_en", "")),
        links=list(data.get("links") or []),
    )


def read_chain(path: Path) -> ChainSpec:
    if path.suffix.lower() == ".json":
        return _from_json(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _from_excel(path)
    raise ChainImportError([_("只支持 .json 和 .xlsx 文件。")])


def validate(spec: ChainSpec) -> list[str]:
    """Every problem in the spec, with where it is (empty list: fine)."""
    problems: list[str] = []
    if not spec.code:
        problems.append(_("缺少技术链代码（code / chain_code）。"))
    elif IndustryChain.objects.filter(code=spec.code).exists():
        problems.append(_("代码为 %(code)s 的技术链已存在。") % {"code": spec.code})
    if not spec.name_zh:
        problems.append(_("缺少技术链中文名称。"))
    if not spec.links:
        problems.append(_("技术链至少需要一个环节。"))
    fields = set(TechnologyField.objects.values_list("code", flat=True))
    for i, link in enumerate(spec.links, start=1):
        where = _("第 %(n)s 个环节") % {"n": link.get("row", i)}
        if not link.get("name_zh"):
            problems.append(_("%(where)s：缺少中文名称。") % {"where": where})
        techs = link.get("technologies") or []
        if not techs:
            problems.append(_("%(where)s：至少需要一项关键技术。") % {"where": where})
        for j, tech in enumerate(techs, start=1):
            at = _("%(where)s 第 %(n)s 项关键技术") % {"where": where, "n": tech.get("row", j)}
            if not tech.get("name_zh"):
                problems.append(_("%(where)s：缺少中文名称。") % {"where": at})
            code = tech.get("field") or ""
            if code and code not in fields:
                problems.append(
                    _("%(where)s：未知的技术领域 %(code)s。") % {"where": at, "code": code}
                )
    return problems


@transaction.atomic
def import_chain(path: Path) -> IndustryChain:
    spec = read_chain(path)
    problems = validate(spec)
    if problems:
        raise ChainImportError(problems)
    fields = {f.code: f for f in TechnologyField.objects.all()}
    chain = IndustryChain.objects.create(
        code=spec.code,
        name_zh=spec.name_zh,
        name_en=spec.name_en,
        description_zh=spec.description_zh,
        description_en=spec.description_en,
    )
    for order, link in enumerate(spec.links, start=1):
        row = ChainLink.objects.create(
            chain=chain, name_zh=link["name_zh"], name_en=link.get("name_en", ""), order=order
        )
        for tech_order, tech in enumerate(link["technologies"], start=1):
            KeyTechnology.objects.create(
                link=row,
                name_zh=tech["name_zh"],
                name_en=tech.get("name_en", ""),
                technology_field=fields.get(tech.get("field") or ""),
                order=tech_order,
            )
    return chain
