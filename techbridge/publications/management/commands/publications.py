"""``techbridge publications import|undo|runs``: publication and patent imports from the
command line, through the same services as the import page.

``import FILE`` keeps the file and queues its import for the worker (``--run-now``: imports it
in this process and prints the report); ``--format`` names the format instead of detecting it,
``--all-or-nothing`` writes nothing if any record is wrong. ``undo RUN_ID`` takes an import
back; ``runs`` lists the imports with their counts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from techbridge.publications import errors, services
from techbridge.publications.choices import ImportMode, ImportStatus
from techbridge.publications.models import ImportRun


class Command(BaseCommand):
    help = "Import publication and patent files, undo an import, list the imports."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="import a publication or patent file")
        load.add_argument("file")
        load.add_argument("--format", default="", help="the file's format (default: detected)")
        load.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="write nothing if any record cannot be imported",
        )
        load.add_argument(
            "--run-now", action="store_true", help="import in this process, not by the worker"
        )
        load.add_argument("--user", default="", help="import as this user (recorded on the run)")
        undo = actions.add_parser("undo", help="take back what an import wrote")
        undo.add_argument("run_id", type=int)
        actions.add_parser("runs", help="list the imports")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.load(options)
        elif options["action"] == "undo":
            self.undo(options["run_id"])
        else:
            self.runs()

    def load(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user {options['user']!r}.") from None
        with path.open("rb") as content:
            run = services.create_run(
                user=user,
                file_name=path.name,
                content=content,
                source_format=options["format"],
                mode=ImportMode.ALL_OR_NOTHING if options["all_or_nothing"] else ImportMode.PARTIAL,
                start=not options["run_now"],
            )
        if not options["run_now"]:
            self.stdout.write(f"Import {run.pk} queued: {run.file_name}")
            return
        run = services.import_file(run)
        if run.status == ImportStatus.DONE:
            # the review queue re-checked here too (the job the run's end queued finds it done)
            services.recheck_queue_job()
            run.refresh_from_db()
        self.report(run)

    def report(self, run: ImportRun) -> None:
        self.stdout.write(
            f"Import {run.pk} {run.status}: {run.file_name} ({run.source_format or '?'}, "
            f"{run.mode})"
        )
        for name in ImportRun.COUNTS:
            self.stdout.write(f"  {name.removesuffix('_count')}: {getattr(run, name)}")
        for error in run.errors:
            self.stdout.write("  " + errors.message(error, run.file_name))

    def undo(self, run_id: int) -> None:
        run = ImportRun.objects.filter(pk=run_id).first()
        if run is None:
            raise CommandError(f"No import {run_id}.")
        removed = services.undo_run(run)
        self.stdout.write(
            f"Import {run_id} undone: {removed['documents']} profile documents, "
            f"{removed['links']} author links, {removed['sources']} sources, "
            f"{removed['works']} works removed."
        )

    def runs(self) -> None:
        for run in ImportRun.objects.order_by("-created_at")[:100]:
            self.stdout.write(
                f"{run.pk:>6}  {run.created_at:%Y-%m-%d %H:%M}  {run.status:<8} "
                f"{run.source_format or '?':<12} read {run.read_count:>6}  "
                f"created {run.created_count:>6}  merged {run.merged_count:>6}  "
                f"linked {run.linked_count:>6}  review {run.review_count:>6}  "
                f"rejected {run.rejected_count:>5}  {run.file_name}"
            )
