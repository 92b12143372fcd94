"""The cache is shared by every process on the database: what one worker writes (an import's
progress, its confirm token) another reads; on PostgreSQL even while the writer's own
transaction (the import) is still open."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from techbridge.testing import demo_database

pytestmark = pytest.mark.both_databases

POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def _cli(env: dict[str, str], *args: str) -> list[str]:
    return [sys.executable, "-m", "techbridge.cli", *args]


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(_cli(env, *args), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "TECHBRIDGE_DEMO": "1",
        "TECHBRIDGE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
    }
    env.pop("TECHBRIDGE_CACHE_URL", None)
    env.pop("TECHBRIDGE_CACHE_OWN_CONNECTION", None)  # as deployed
    return env


@pytest.fixture
def migrated(tmp_path: Path) -> Iterator[str]:
    """The URL of a new database of the pass's kind, as ``techbridge migrate`` leaves it (the
    migrations create the cache table)."""
    with demo_database.empty_database(tmp_path, "techbridge_cache_test") as url:
        yield url


def test_the_default_cache_lives_in_the_database() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_a_value_cached_by_one_process_is_read_by_another(tmp_path: Path, migrated: str) -> None:
    # Given a migrated database
    env = _env(tmp_path, migrated)
    # when one process caches a value
    write = "from django.core.cache import cache; cache.set('import:progress', {'done': 7}, 60)"
    _run(env, "shell", "--no-imports", "-c", write)
    # then another process reads it
    read = "from django.core.cache import cache; print(cache.get('import:progress'))"
    assert _run(env, "shell", "--no-imports", "-c", read).strip() == "{'done': 7}"


@pytest.mark.django_db
@pytest.mark.skipif(not POSTGRES, reason="the cache's own connection is PostgreSQL's")
def test_progress_written_inside_a_transaction_is_read_at_once(
    tmp_path: Path, migrated: str
) -> None:
    # Given a PostgreSQL database, migrated
    env = _env(tmp_path, migrated)
    # when one process writes progress inside a long transaction (as an import does) ...
    writer = (
        "import time\n"
        "from django.core.cache import cache\n"
        "from django.db import transaction\n"
        "with transaction.atomic():\n"
        "    cache.set('import:progress', {'done': 500}, 60)\n"
        "    print('written', flush=True)\n"
        "    time.sleep(20)\n"
    )
    proc = subprocess.Popen(
        _cli(env, "shell", "--no-imports", "-c", writer),
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "written"
        started = time.monotonic()
        # ... then another process reads it while that transaction is still open
        read = "from django.core.cache import cache; print(cache.get('import:progress'))"
        assert _run(env, "shell", "--no-imports", "-c", read).strip() == "{'done': 500}"
        assert proc.poll() is None and time.monotonic() - started < 20
    finally:
        proc.kill()
        proc.wait()
