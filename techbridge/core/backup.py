"""Backup and restore of the whole platform: the database and the uploaded files.

The database is dumped with its own tools through django-dbbackup (the SQLite online-backup
API, or ``pg_dump`` in its custom format for PostgreSQL, restored with ``pg_restore``), and
the uploaded files are archived beside it. A backup is one folder:

    techbridge-backup-<UTC time>/
        database.<sqlite3|psql.bin>
        media.tar
        manifest.json   (when, which database engine, and the row counts of the main tables)
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

#: Tables counted in the manifest, to compare a restore with its backup.
COUNTED = (
    "needs.TechnologyNeed",
    "people.Expert",
    "people.ProfileDocument",
    "cooperation.CooperationContract",
    "cooperation.CooperationCase",
    "needs.NeedAttachment",
    "auditlog.LogEntry",
)


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def _database_file(folder: Path) -> Path:
    found = sorted(folder.glob("database.*"))
    if not found:
        raise FileNotFoundError(f"No database dump in {folder}")
    return found[0]


def create_backup(root: Path) -> Path:
    """Write a new backup folder under ``root``; returns it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = root / f"techbridge-backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    extension = "sqlite3" if connection.vendor == "sqlite" else "psql.bin"
    call_command("dbbackup", "--noinput", "--quiet", "-O", str(folder / f"database.{extension}"))
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    call_command("mediabackup", "--noinput", "--quiet", "-O", str(folder / "media.tar"))
    manifest: dict[str, Any] = {
        "created": stamp,
        "database": connection.vendor,
        "counts": counts(),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return folder


def restore_backup(folder: Path) -> dict[str, Any]:
    """Replace the database and the uploaded files with those of backup ``folder``.

    Stop the web and job processes first: a restore overwrites what they are using.
    Returns the manifest of the backup.
    """
    manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text())
    if manifest["database"] != connection.vendor:
        raise ValueError(
            f"The backup is of a {manifest['database']} database, this is {connection.vendor}."
        )
    dump = _database_file(folder)
    if connection.vendor == "sqlite":
        _restore_sqlite(dump)
    else:
        call_command("dbrestore", "--noinput", "--quiet", "-I", str(dump))
    call_command(
        "mediarestore", "--noinput", "--quiet", "--replace", "-I", str(folder / "media.tar")
    )
    connection.close()
    return manifest


def _restore_sqlite(dump: Path) -> None:
    """Copy the backup over the database through SQLite's backup API (so the file's write-
    ahead log is honoured, which copying bytes over the file would not)."""
    import sqlite3

    connection.close()
    target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
    try:
        with sqlite3.connect(f"file:{dump}?mode=ro", uri=True) as source:
            source.backup(target)
    finally:
        target.close()
