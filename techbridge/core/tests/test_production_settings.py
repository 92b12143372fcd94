"""The production settings of ``.env.production.example`` pass Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _production_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHBRIDGE_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the test process only
    for line in (ROOT / ".env.production.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    env["TECHBRIDGE_SECRET_KEY"] = secrets.token_urlsafe(60)
    env["TECHBRIDGE_DATA_DIR"] = str(ROOT / "data" / "check-deploy")
    return env


def test_check_deploy_reports_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TECHBRIDGE_SECRET_KEY", "", "TECHBRIDGE_SECRET_KEY is not set"),
        # an automatic link threshold below the review queue's
        (
            "TECHBRIDGE_PUBLICATIONS_AUTO_LINK",
            "0.3",
            "TECHBRIDGE_PUBLICATIONS_AUTO_LINK must be between 0.5",
        ),
        ("TECHBRIDGE_SQLITE_CACHE_MB", "0", "TECHBRIDGE_SQLITE_CACHE_MB must be 1 or more"),
    ],
)
def test_production_refuses_to_start_with_a_setting_it_cannot_use(
    variable: str, value: str, message: str
) -> None:
    env = {**_production_env(), variable: value}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert message in done.stderr


@pytest.mark.django_db
def test_pages_carry_the_security_headers() -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    login = Client().get("/accounts/login/")
    assert "frame-ancestors 'none'" in login["Content-Security-Policy"]
    assert "script-src 'self'" in login["Content-Security-Policy"]
    assert login["X-Content-Type-Options"] == "nosniff"
    client = Client()
    client.force_login(get_user_model().objects.get(username="hq"))
    first, second = client.get("/"), client.get("/")
    nonces = [
        r["Content-Security-Policy"].split("'nonce-")[1].split("'")[0] for r in (first, second)
    ]
    assert nonces[0] != nonces[1]  # a new nonce for every response
    page = first.content.decode()
    # Every inline script carries the response's nonce; no inline handler is left.
    assert page.count("<script nonce=") == page.count(f'<script nonce="{nonces[0]}">') > 0
    assert "<script>" not in page and " onchange=" not in page and " onclick=" not in page


PRODUCTION_DB = "postgres://u:p@db.example:5432/techbridge"
CONNECTION = (
    "import django; django.setup(); from django.db import connections; "
    "d = connections['default'].settings_dict; "
    "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
)


@pytest.mark.parametrize(
    ("url", "extra", "expected"),
    [
        (PRODUCTION_DB, {}, "60 True"),
        (PRODUCTION_DB, {"TECHBRIDGE_DB_CONN_MAX_AGE": "5"}, "5 True"),
        (f"{PRODUCTION_DB}?conn_max_age=0", {}, "0 True"),
        # SQLite's too: a new connection starts with an empty page cache
        ("sqlite:////tmp/techbridge-settings-check.sqlite3", {}, "60 True"),
    ],
)
def test_database_connections_are_kept_between_requests(
    url: str, extra: dict[str, str], expected: str
) -> None:
    """Settings only: nothing connects."""
    env = {**_production_env(), "DATABASE_URL": url, **extra}
    env["DJANGO_SETTINGS_MODULE"] = "techbridge.settings"
    done = subprocess.run(
        [sys.executable, "-c", CONNECTION], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == expected.split()


SQLITE_CACHE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA cache_size")
    print(cursor.fetchone()[0])
"""


@pytest.mark.parametrize(("setting", "expected"), [(None, -64 * 1024), ("256", -256 * 1024)])
def test_each_sqlite_connection_caches_the_pages_it_is_given(
    setting: str | None, expected: int, tmp_path: Path
) -> None:
    env = {**_production_env(), "DATABASE_URL": f"sqlite:///{tmp_path / 'cache.sqlite3'}"}
    env["DJANGO_SETTINGS_MODULE"] = "techbridge.settings"
    if setting is not None:
        env["TECHBRIDGE_SQLITE_CACHE_MB"] = setting
    done = subprocess.run(
        [sys.executable, "-c", SQLITE_CACHE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == expected
