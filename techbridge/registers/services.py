"""Importing a register file: read, validate the whole file, then write all of it or nothing.

The page, its tests and ``techbridge bench import`` call the same functions:
:func:`read_dataset` -> :func:`validate` (the preview, writes nothing) ->
:func:`run_import` (validates again, never trusting the preview, and writes in one
transaction that is rolled back if any row is wrong). Uploaded files wait for the
confirmation on the server (:func:`save_upload`), keyed by a random token bound to the user.
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tablib
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from import_export.results import Result

from techbridge.core import jobs
from techbridge.core.registers.resources import RegisterResource
from techbridge.core.signals import records_imported

from . import progress as progress_store
from .registry import Register
from .registry import get as get_register

log = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx")


class ImportFileError(Exception):
    """The file cannot be read at all (wrong format, no header row...)."""


@dataclass
class RowError:
    row: int  # the spreadsheet row: 1 is the header, 2 the first record
    column: str
    reason: str


@dataclass
class ImportReport:
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def valid(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- reading ---------------------------------------------------------------------------------


def format_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ImportFileError(_("只能导入 CSV 或 Excel（.xlsx）文件。"))
    return suffix


def read_dataset(content: bytes, fmt: str) -> tablib.Dataset:
    """The file's rows under its header row; blank rows are dropped."""
    try:
        if fmt == "csv":
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("gb18030")  # Excel's CSV on Chinese Windows
            dataset = tablib.Dataset().load(text, format="csv")
        elif fmt == "xlsx":
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        else:
            raise ImportFileError(_("只能导入 CSV 或 Excel（.xlsx）文件。"))
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(_("无法读取文件：请上传带表头行的 CSV 或 Excel 文件。")) from None
    if not dataset.headers:
        raise ImportFileError(_("文件没有表头行。"))
    headers = [str(h or "").strip() for h in dataset.headers]
    rows = [r for r in dataset if any(v not in (None, "") for v in r)]
    clean = tablib.Dataset(headers=headers)
    for r in rows:
        clean.append(r)
    return clean


def template_dataset(register: Register) -> tablib.Dataset:
    """An empty file with the register's header row."""
    return tablib.Dataset(headers=register.resource().get_export_headers())


# -- validating and writing ------------------------------------------------------------------


def _header_errors(resource: RegisterResource, dataset: tablib.Dataset) -> list[RowError]:
    present = set(dataset.headers or [])
    return [
        RowError(1, column, _("缺少必填列。"))
        for column in [*resource.natural_key, *resource.required_columns()]
        if column not in present and column != "id"
    ]


def _report(resource: RegisterResource, result: Result) -> ImportReport:
    report = ImportReport(total=result.total_rows)
    report.new = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.unchanged = result.totals.get("skip", 0)
    columns = {f.attribute: f.column_name for f in resource.fields.values()}
    for error in result.base_errors:
        report.errors.append(RowError(0, "", str(error.error)))
    for number, errors in result.row_errors():
        for error in errors:
            report.errors.append(RowError(number + 1, "", str(error.error)))
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            column = columns.get(name, "" if name == "__all__" else name)
            for message in messages:
                report.errors.append(RowError(invalid.number + 1, column, str(message)))
    report.errors.sort(key=lambda e: (e.row, e.column))
    return report


def _run(
    register: Register,
    dataset: tablib.Dataset,
    user: Any,
    *,
    dry_run: bool,
    on_progress: Callable[[int], None] | None = None,
    written: list[Any] | None = None,
) -> ImportReport:
    started = time.perf_counter()
    if not register.importable:
        raise ImportFileError(_("此登记册不能导入。"))
    resource = register.resource(user=user, progress=on_progress)
    header_errors = _header_errors(resource, dataset)
    if header_errors:
        return ImportReport(total=len(dataset), errors=header_errors)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
    )
    report = _report(resource, result)
    report.seconds = time.perf_counter() - started
    if written is not None:
        written.extend(resource.written)
    return report


def validate(
    register: Register,
    dataset: tablib.Dataset,
    user: Any,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check every row of ``dataset``; write nothing. The preview's counts and errors."""
    return _run(register, dataset, user, dry_run=True, on_progress=on_progress)


def run_import(
    register: Register,
    dataset: tablib.Dataset,
    user: Any,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every row again and write them all in one transaction, or write nothing.

    ``records_imported`` tells listeners (the matching index's change feed) inside the same
    transaction, so the rows and what follows from them commit together."""
    written: list[Any] = []
    with transaction.atomic():
        report = _run(
            register, dataset, user, dry_run=False, on_progress=on_progress, written=written
        )
        if report.valid and written:
            model, pks = register.model, [instance.pk for instance, _created in written]
            records_imported.send(sender=model, pks=pks)
    return report


# -- uploads waiting for confirmation ---------------------------------------------------------


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT).parent / "register-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_upload(user: Any, slug: str, filename: str, content: bytes) -> str:
    """Keep an uploaded file on the server until it is confirmed; returns its token."""
    token = secrets.token_urlsafe(16)
    fmt = format_of(filename)
    base = _upload_dir() / token
    base.with_suffix("." + fmt).write_bytes(content)
    meta = {"user": user.pk, "slug": slug, "format": fmt, "name": Path(filename).name}
    base.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load_upload(user: Any, slug: str, token: str) -> tuple[str, bytes]:
    """The (file name, content) of ``user``'s upload ``token`` for ``slug``."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise ImportFileError(_("找不到上传的文件，请重新上传。"))
    base = _upload_dir() / token
    try:
        meta = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        if meta["user"] != user.pk or meta["slug"] != slug:
            raise ImportFileError(_("找不到上传的文件，请重新上传。"))
        return str(meta["name"]), base.with_suffix("." + meta["format"]).read_bytes()
    except (OSError, ValueError, KeyError):
        raise ImportFileError(_("找不到上传的文件，请重新上传。")) from None


def discard_upload(token: str) -> None:
    for suffix in (".json", ".csv", ".xlsx"):
        (_upload_dir() / token).with_suffix(suffix).unlink(missing_ok=True)


# -- the confirmed import, with progress ------------------------------------------------------


def start_import(register: Register, user: Any, token: str) -> None:
    """Queue the confirmed import of upload ``token`` as a background job, reporting progress
    under ``token`` (:mod:`techbridge.registers.progress`, in the cache every process shares).

    The upload, the progress polls and the confirm may each be served by another web worker,
    and the job by any job worker; a second confirm is refused. With ``JOBS_SYNC`` (tests)
    the import runs before this returns.
    """
    name, content = load_upload(user, register.slug, token)
    dataset = read_dataset(content, format_of(name))
    if not progress_store.claim(token):  # a second click on "confirm"
        raise ImportFileError(_("这个文件的导入已经开始，请勿重复确认。"))
    progress_store.start(token, user.pk, len(dataset))
    args = (register.slug, user.pk, token, translation.get_language())
    if settings.JOBS_SYNC:
        import_upload(*args)
        return
    jobs.enqueue("techbridge.registers.services.import_upload", *args, name="register-import")


def import_upload(slug: str, user_id: int, token: str, language: str) -> dict[str, Any]:
    """The job of a confirmed import: all rows in one transaction, or none.

    Run again after its worker was killed, it imports the file again: a killed run wrote
    nothing, and a run that committed before the kill finds every row unchanged (rows are
    matched on their natural keys), so nothing is doubled.
    """
    register = get_register(slug)
    user = get_user_model().objects.get(pk=user_id)
    if register is None:
        raise ImportFileError(_("此登记册不能导入。"))
    log.info("register import %s of %s started", token, slug)
    with translation.override(language):
        name, content = load_upload(user, slug, token)
        dataset = read_dataset(content, format_of(name))
        try:
            report = run_import(
                register,
                dataset,
                user,
                on_progress=lambda done: progress_store.advance(token, done),
            )
        except ImportFileError as error:  # reported on the page; nothing was written
            report = ImportReport(total=len(dataset), errors=[RowError(0, "", str(error))])
        progress_store.finish(token, report.as_dict())
        if report.valid:
            discard_upload(token)
        else:
            progress_store.release(token)
        return report.as_dict()
