"""``techbridge import_chain FILE.json|FILE.xlsx``: add a technology chain from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from techbridge.chains.importer import ChainImportError, import_chain


class Command(BaseCommand):
    help = "Import a technology chain (links and key technologies) from JSON or Excel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        try:
            chain = import_chain(path)
        except ChainImportError as error:
            raise CommandError(_("未导入任何内容：") + "\n" + "\n".join(error.problems)) from error
        technologies = sum(link.technologies.count() for link in chain.links.all())
        self.stdout.write(
            self.style.SUCCESS(
                _("已导入技术链 %(name)s：%(links)d 个环节、%(techs)d 项关键技术。")
                % {"name": chain.name_zh, "links": chain.links.count(), "techs": technologies}
            )
        )
