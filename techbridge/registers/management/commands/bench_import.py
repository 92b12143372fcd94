"""``techbridge bench import --rows 50000``: the register import timed on a generated file.

Generates a valid file of N new records, then runs exactly what the import page runs:
:func:`~techbridge.registers.services.validate` (the preview) and
:func:`~techbridge.registers.services.run_import` (validate again and write, all or
nothing), against the configured database inside a transaction that is rolled back at the
end unless ``--keep``. The last line printed is JSON with ``rows`` and ``seconds`` (total).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any

import tablib
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from techbridge.core.models import Industry
from techbridge.organisations.choices import EnterpriseSize
from techbridge.organisations.models import Organisation
from techbridge.people.choices import AcademicTitle
from techbridge.registers import registry, services

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建红文斌宇浩凯晨欣然梓涵子轩"
TOPICS = (
    "碳化硅功率器件",
    "锂电池正极材料",
    "工业机器人控制",
    "生物医药制剂",
    "高端装备制造",
    "半导体封装",
    "新型显示",
    "智能传感器",
)


class _Null(Exception):
    """Raised to roll the benchmark's transaction back."""


def _experts(rows: int, rng: random.Random) -> tablib.Dataset:
    organisations = list(Organisation.objects.values_list("name_zh", flat=True))
    if not organisations:
        raise CommandError("No organisations: load the demo first (techbridge load_demo).")
    titles = [value for value, _label in AcademicTitle.choices]
    headers = ["id", "name_zh", "name_en", "organisation", "title", "country", "email", "bio_zh"]
    data = tablib.Dataset(headers=headers)
    for i in range(rows):
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
        topic = rng.choice(TOPICS)
        data.append(
            (
                "",
                name,
                f"Expert {i}",
                rng.choice(organisations),
                rng.choice(titles),
                "CN",
                f"expert{i}@bench.example",
                f"长期从事{topic}研究，主持多项省部级项目。",
            )
        )
    return data


def _enterprises(rows: int, rng: random.Random) -> tablib.Dataset:
    industries = list(Industry.objects.values_list("code", flat=True))
    headers = ["name_zh", "name_en", "industry", "size", "region", "city"]
    data = tablib.Dataset(headers=headers)
    for i in range(rows):
        data.append(
            (
                f"测试企业{i:06d}有限公司",
                f"Bench Enterprise {i}",
                rng.choice(industries),
                rng.choice([v for v, _l in EnterpriseSize.choices]),
                "suzhou",
                "苏州",
            )
        )
    return data


GENERATORS: dict[str, Callable[[int, random.Random], tablib.Dataset]] = {
    "experts": _experts,
    "enterprises": _enterprises,
}


class Command(BaseCommand):
    help = "Time the register import (validate + write, all or nothing) on N generated rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument("--register", choices=sorted(GENERATORS), default="experts")
        parser.add_argument("--format", choices=services.FORMATS, default="xlsx")
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument(
            "--keep", action="store_true", help="commit the imported rows (default: roll back)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        register = registry.get(options["register"])
        assert register is not None
        user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        rows, fmt = options["rows"], options["format"]
        dataset = GENERATORS[register.slug](rows, random.Random(options["seed"]))
        content = dataset.export(fmt)
        payload = content.encode("utf-8") if isinstance(content, str) else content
        self.stdout.write(
            f"register {register.slug}: {rows} rows, {fmt} file of {len(payload) / 1e6:.1f} MB"
        )
        started = time.perf_counter()
        parsed = services.read_dataset(payload, fmt)
        read_s = time.perf_counter() - started
        try:
            with transaction.atomic():
                t0 = time.perf_counter()
                preview = services.validate(register, parsed, user)
                validate_s = time.perf_counter() - t0
                t0 = time.perf_counter()
                report = services.run_import(register, parsed, user)
                write_s = time.perf_counter() - t0
                if not options["keep"]:
                    raise _Null
        except _Null:
            pass
        total = time.perf_counter() - started
        if not report.valid or not preview.valid:
            first = (report.errors or preview.errors)[:5]
            raise CommandError(f"the generated file did not import: {first}")
        self.stdout.write(f"read file:   {read_s:6.1f} s")
        self.stdout.write(f"validate:    {validate_s:6.1f} s  (preview, {preview.new} new rows)")
        self.stdout.write(f"write:       {write_s:6.1f} s  (validated again, {report.new} written)")
        self.stdout.write(f"total:       {total:6.1f} s  ({rows / total:,.0f} rows/s)")
        self.stdout.write("kept" if options["keep"] else "rolled back (use --keep to commit)")
        self.stdout.write(
            json.dumps(
                {
                    "register": register.slug,
                    "format": fmt,
                    "rows": rows,
                    "read_seconds": round(read_s, 2),
                    "validate_seconds": round(validate_s, 2),
                    "write_seconds": round(write_s, 2),
                    "seconds": round(total, 2),
                    "rows_per_second": round(rows / total),
                    "kept": bool(options["keep"]),
                }
            )
        )
