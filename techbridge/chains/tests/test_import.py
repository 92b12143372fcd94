"""Importing a chain from JSON or Excel: all or nothing, every problem reported with its place."""

import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from techbridge.chains.importer import EXCEL_COLUMNS, ChainImportError, import_chain
from techbridge.chains.models import IndustryChain, KeyTechnology

pytestmark = pytest.mark.django_db

CHAIN = {
    "code": "hydrogen",
    "name_zh": "氢能产业链",
    "name_en": "Hydrogen chain",
    "links": [
        {
            "name_zh": "制氢",
            "name_en": "Production",
            "technologies": [{"name_zh": "碱性电解槽", "name_en": "alkaline electrolysers"}],
        },
        {
            "name_zh": "应用",
            "name_en": "Use",
            "technologies": [
                {
                    "name_zh": "氢燃料电池电堆",
                    "name_en": "fuel-cell stacks",
                    "field": "energy-storage-4",
                },
                {"name_zh": "氢能重卡", "name_en": "hydrogen trucks"},
            ],
        },
    ],
}


def test_json_import(tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(CHAIN, ensure_ascii=False), encoding="utf-8")
    chain = import_chain(path)
    assert [link.name_zh for link in chain.links.order_by("order")] == ["制氢", "应用"]
    stack = KeyTechnology.objects.get(link__chain=chain, name_zh="氢燃料电池电堆")
    assert stack.technology_field is not None and stack.technology_field.code == "energy-storage-4"


def test_excel_import_through_the_command(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(EXCEL_COLUMNS))
    sheet.append(
        [
            "hydrogen",
            "氢能产业链",
            "Hydrogen chain",
            "制氢",
            "Production",
            "碱性电解槽",
            "alkaline electrolysers",
            "",
        ]
    )
    sheet.append(
        [
            "hydrogen",
            "氢能产业链",
            "Hydrogen chain",
            "应用",
            "Use",
            "氢能重卡",
            "hydrogen trucks",
            "",
        ]
    )
    sheet.append(
        [
            "hydrogen",
            "氢能产业链",
            "Hydrogen chain",
            "应用",
            "Use",
            "氢燃料电池电堆",
            "fuel-cell stacks",
            "energy-storage-4",
        ]
    )
    path = tmp_path / "chain.xlsx"
    book.save(path)
    call_command("import_chain", str(path), verbosity=0)
    chain = IndustryChain.objects.get(code="hydrogen")
    assert chain.links.get(order=2).technologies.count() == 2


def test_bad_file_writes_nothing_and_says_where(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(CHAIN))
    bad["links"][1]["technologies"][0]["field"] = "no-such-field"
    bad["links"][0]["technologies"] = []
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    before = IndustryChain.objects.count()
    with translation.override("en"), pytest.raises(ChainImportError) as error:
        import_chain(path)
    text = "\n".join(error.value.problems)
    assert (
        "no-such-field" in text
        and "link 2" in text.lower()
        and "at least one key technology" in text
    )
    assert IndustryChain.objects.count() == before
    with pytest.raises(CommandError):
        call_command("import_chain", str(path))
    with pytest.raises(CommandError):
        call_command("import_chain", str(tmp_path / "missing.json"))
