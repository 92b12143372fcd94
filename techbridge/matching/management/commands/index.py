"""``techbridge index build|status``: encode and store the matching index's vectors.

``build`` encodes every indexed text that has no stored vector (or whose text changed) and
reports progress; on PostgreSQL it also builds the shared index in the database from them
(``matching/shared_index.py``), which every process then reads. ``--field`` and ``--kind``
restrict it (a pilot, or a test), e.g.
``techbridge index build --field sic-power --kind expert --kind need``.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.core.models import TechnologyField
from techbridge.matching.backend import uses_shared_index
from techbridge.matching.models import DocumentVector, SharedIndexState
from techbridge.matching.server_memory import index_memory
from techbridge.matching.serving import new_index
from techbridge.matching.sources import Sources
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import ProfileDocument, ProjectManager

KINDS = ("expert", "achievement", "need", "project_manager")


class Command(BaseCommand):
    help = "Encode and store the matching index's vectors, or show how many are stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["build", "status"])
        parser.add_argument("--field", action="append", default=[], help="technology field code")
        parser.add_argument("--kind", action="append", default=[], choices=KINDS)

    def handle(self, *args: Any, action: str, field: list[str], kind: list[str], **o: Any) -> None:
        if action == "status":
            self.stdout.write(_("已存储向量：%(n)d") % {"n": DocumentVector.objects.count()})
            if uses_shared_index():
                for state in SharedIndexState.objects.order_by("collection"):
                    self.stdout.write(
                        _("共享索引（%(c)s）：%(n)d 份文档，建于 %(t)s")
                        % {
                            "c": state.get_collection_display(),
                            "n": state.documents,
                            "t": state.built_at or "—",
                        }
                    )
                memory = index_memory()
                self.stdout.write(memory.summary())
                advice = memory.advice()
                if advice:
                    self.stdout.write(self.style.WARNING(advice))
            return
        unknown = set(field) - set(TechnologyField.objects.values_list("code", flat=True))
        if unknown:
            raise CommandError(
                _("未知的技术领域：%(codes)s") % {"codes": ", ".join(sorted(unknown))}
            )
        kinds = set(kind or KINDS)
        docs, items = ProfileDocument.objects.all(), TechnologicalAchievement.objects.all()
        needs, pms = TechnologyNeed.objects.all(), ProjectManager.objects.all()
        if field:
            docs = docs.filter(expert__technology_fields__code__in=field).distinct()
            items = items.filter(technology_field__code__in=field)
            needs = needs.filter(technology_field__code__in=field)
            pms = pms.filter(technology_field__code__in=field)
        sources = Sources(
            docs if "expert" in kinds else docs.none(),
            items if "achievement" in kinds else items.none(),
            needs if "need" in kinds else needs.none(),
            pms if "project_manager" in kinds else pms.none(),
        )
        started = time.perf_counter()
        index = new_index()
        index.start_background_build(sources, rebuild=True)
        while True:
            status = index.wait(timeout=10)
            self.stdout.write(f"{status.state}: {status.indexed}/{status.total}")
            if status.state in ("ready", "failed"):
                break
        if not status.ready:
            raise CommandError(status.error)
        self.stdout.write(
            self.style.SUCCESS(
                _("索引完成：%(n)d 份文档，用时 %(s).1f 秒。")
                % {"n": status.indexed, "s": time.perf_counter() - started}
            )
        )
