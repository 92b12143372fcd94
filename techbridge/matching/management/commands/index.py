"""``techbridge index build|status``: build the matching index from the database."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from techbridge.matching.index import get_index
from techbridge.matching.models import DocumentVector


class Command(BaseCommand):
    help = "Build the matching index (encodes only texts not yet stored) or show its status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["build", "status"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "status":
            self.stdout.write(_("已存储向量：%(n)d") % {"n": DocumentVector.objects.count()})
            return
        started = time.perf_counter()
        index = get_index()
        index.start_background_build()
        while True:
            status = index.wait(timeout=5)
            self.stdout.write(f"{status.state}: {status.indexed}/{status.total}")
            if status.state in ("ready", "failed"):
                break
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("索引完成：%(n)d 份文档，用时 %(s).1f 秒。") % {"n": status.indexed, "s": seconds}
            )
            if status.ready
            else self.style.ERROR(status.error)
        )
