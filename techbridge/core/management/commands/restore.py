"""``techbridge restore FOLDER``: replace the database and uploaded files with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from techbridge.core.backup import counts, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a backup folder (stop the servers first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="A folder written by `techbridge backup`.")

    def handle(self, *args: Any, folder: str, **options: Any) -> None:
        path = Path(folder)
        if not (path / "manifest.json").is_file():
            raise CommandError(f"{path} is not a TechBridge backup (no manifest.json).")
        try:
            manifest = restore_backup(path)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        now = counts()
        for label, expected in manifest["counts"].items():
            self.stdout.write(f"{label}: {now.get(label)} (backup: {expected})")
        if now != manifest["counts"]:
            raise CommandError("The restored counts differ from the backup's.")
