"""``techbridge registers export|import``: every register as a folder of files, one per
register (``<slug>.xlsx`` or ``<slug>.csv``, the files the register pages download).

``export --out DIR`` writes every register (or those named with ``--only``);
``import DIR`` reads the folder's files in dependency order
(:func:`~techbridge.registers.registry.import_order`: technology fields and organisations
before the registers that name them), through the same validation and writes as the import
page, in one transaction: a file with a bad row stops the import and nothing is written.
``--new-records`` leaves out the files' ids, for files exported from another installation:
their rows become new records, matched by their natural keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tablib
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from techbridge.core.registers import Register, request_for
from techbridge.registers import registry, services


class Command(BaseCommand):
    help = "Export every register to a folder of files, or import such a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="write one file per register")
        export.add_argument("--out", required=True, help="folder for the files")
        export.add_argument("--format", choices=services.FORMATS, default="xlsx")
        export.add_argument("--only", default="", help="comma-separated register slugs")
        export.add_argument(
            "--user",
            default="",
            help="export what this user may see (default: every record; links only some "
            "users may see, such as a contract's need, are left blank)",
        )
        load = actions.add_parser("import", help="import a folder of register files")
        load.add_argument("folder")
        load.add_argument("--user", default="", help="import as this user (recorded as actor)")
        load.add_argument(
            "--new-records",
            action="store_true",
            help="ignore the files' id column: every row without a natural-key match is new",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"])
        if options["action"] == "export":
            only = [s for s in options["only"].split(",") if s]
            self.export(Path(options["out"]), options["format"], user, only)
        else:
            self.load(Path(options["folder"]), user, new_records=options["new_records"])

    @staticmethod
    def _user(username: str) -> Any:
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None

    def export(self, folder: Path, fmt: str, user: Any, only: list[str]) -> None:
        unknown = [slug for slug in only if registry.get(slug) is None]
        if unknown:
            raise CommandError(f"Unknown registers: {', '.join(unknown)}")
        folder.mkdir(parents=True, exist_ok=True)
        for register in registry.REGISTERS:
            if only and register.slug not in only:
                continue
            records = self._records(register, user)
            dataset = register.resource(user=user).export(queryset=records)
            path = folder / f"{register.slug}.{fmt}"
            content = dataset.export(fmt)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8-sig"))
            self.stdout.write(f"{register.slug}: {len(dataset)} -> {path}")

    @staticmethod
    def _records(register: Register, user: Any) -> Any:
        if user is None:
            records = register.model._default_manager.all()
        else:
            records = register.visible(request_for(user))
        return register.export_queryset(records.order_by("pk"))

    def load(self, folder: Path, user: Any, *, new_records: bool) -> None:
        if not folder.is_dir():
            raise CommandError(f"No folder {folder}.")
        with transaction.atomic():
            for register in registry.import_order():
                path = next(
                    (
                        p
                        for fmt in services.FORMATS
                        if (p := folder / f"{register.slug}.{fmt}").is_file()
                    ),
                    None,
                )
                if path is None:
                    continue
                try:
                    dataset = services.read_dataset(
                        path.read_bytes(), services.format_of(path.name)
                    )
                except services.ImportFileError as error:
                    raise CommandError(f"{path.name}: {error}") from None
                if new_records and "id" in (dataset.headers or []):
                    dataset = _without_ids(dataset)
                report = services.run_import(register, dataset, user)
                if not report.valid:
                    lines = [f"  row {e.row} {e.column}: {e.reason}" for e in report.errors[:20]]
                    raise CommandError("\n".join([f"{path.name}: nothing imported", *lines]))
                self.stdout.write(
                    f"{register.slug}: {report.new} new, {report.updated} updated, "
                    f"{report.unchanged} unchanged"
                )


def _without_ids(dataset: tablib.Dataset) -> tablib.Dataset:
    """``dataset`` with its id column blank (rows are then matched as a blank id is)."""
    headers = list(dataset.headers or [])
    column = headers.index("id")
    out = tablib.Dataset(headers=headers)
    for row in dataset:
        out.append([("" if i == column else value) for i, value in enumerate(row)])
    return out
