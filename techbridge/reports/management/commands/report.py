"""``techbridge report annual --year 2020 --format json``: the year's headline figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from techbridge.reports.annual import build_annual_report, render_pdf, render_xlsx
from techbridge.reports.services import annual_figures


class Command(BaseCommand):
    help = "Print or export a report. Kinds: annual (headline figures of a year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json")
        parser.add_argument("--out", help="file to write (pdf and xlsx)")
        parser.add_argument("--language", choices=["zh-hans", "en"], default="zh-hans")

    def handle(
        self,
        *args: Any,
        kind: str,
        year: int,
        format: str,
        out: str | None,
        language: str,
        **o: Any,
    ) -> None:
        if not 1900 <= year <= 2100:
            raise CommandError(_("年度无效：%(year)s") % {"year": year})
        if format == "json":
            self.stdout.write(json.dumps(annual_figures(year), ensure_ascii=False))
            return
        if not out:
            raise CommandError(_("导出 PDF 或 Excel 时请用 --out 指定文件。"))
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(_("目录不存在：%(dir)s") % {"dir": target.parent})
        report = build_annual_report(year)
        body = render_pdf(report, language) if format == "pdf" else render_xlsx(report, language)
        target.write_bytes(body)
        self.stdout.write(
            _("已写入 %(path)s（%(size)d 字节）") % {"path": target, "size": len(body)}
        )
