"""Load the demo network into an empty database (or ``--reset`` to replace everything)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from techbridge.demo.generator import generate_demo
from techbridge.institutes.models import ResearchInstitute


class Command(BaseCommand):
    help = "Load the bilingual demo network (seeded, repeatable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2020, help="random seed (default 2020)")
        parser.add_argument(
            "--reset", action="store_true", help="delete ALL data first, then load the demo"
        )

    def handle(self, *args: Any, seed: int, reset: bool, **options: Any) -> None:
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        elif ResearchInstitute.objects.exists():
            raise CommandError(
                _("数据库中已有数据，未做任何更改。如需替换为演示数据，请加 --reset。")
            )
        started = time.perf_counter()
        counts = generate_demo(seed=seed)
        elapsed = time.perf_counter() - started
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                _("演示数据已载入：%(total)d 条记录，用时 %(seconds).1f 秒。")
                % {"total": total, "seconds": elapsed}
            )
        )
        for key in sorted(counts):
            self.stdout.write(f"  {key}: {counts[key]}")
