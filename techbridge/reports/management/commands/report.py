"""``techbridge report annual --year 2020 --format json``: the year's headline figures."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from techbridge.reports.services import annual_figures


class Command(BaseCommand):
    help = "Print or export a report. Kinds: annual (headline figures of a year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, kind: str, year: int, format: str, **options: Any) -> None:
        if not 1900 <= year <= 2100:
            raise CommandError(_("年度无效：%(year)s") % {"year": year})
        self.stdout.write(json.dumps(annual_figures(year), ensure_ascii=False))
