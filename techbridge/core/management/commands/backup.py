"""``techbridge backup [--out DIR]``: the database and uploaded files into one folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from techbridge.core.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            default=str(Path(settings.DATA_DIR) / "backups"),
            help="Folder that receives the backup folder (default: <data dir>/backups).",
        )

    def handle(self, *args: Any, out: str, **options: Any) -> None:
        folder = create_backup(Path(out))
        self.stdout.write(str(folder))
