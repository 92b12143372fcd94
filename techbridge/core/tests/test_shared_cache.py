"""The cache is shared by every process on the database: what one worker writes (an import's
progress, its confirm token) another reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "techbridge.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_default_cache_lives_in_the_database() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        # with a connection of its own outside tests (progress seen during an import)
        assert settings.DATABASES["cache"]["NAME"] == settings.DATABASES["default"]["NAME"]


def test_a_value_cached_by_one_process_is_read_by_another(tmp_path: Path) -> None:
    # Given a database migrated by one process (which creates the cache table)
    env = {
        **os.environ,
        "TECHBRIDGE_DEMO": "1",
        "TECHBRIDGE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
    }
    env.pop("TECHBRIDGE_CACHE_URL", None)
    _run(env, "migrate", "--verbosity", "0")
    # when a second process caches a value
    write = "from django.core.cache import cache; cache.set('import:progress', {'done': 7}, 60)"
    _run(env, "shell", "--no-imports", "-c", write)
    # then a third process reads it
    read = "from django.core.cache import cache; print(cache.get('import:progress'))"
    assert _run(env, "shell", "--no-imports", "-c", read).strip() == "{'done': 7}"
