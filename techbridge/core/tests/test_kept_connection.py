"""A process keeps its database connection when it queues a job: the database queue's broker
closes every expired connection before it writes, so a connection that expires at once (Django's
default) was closed after every queued job, and an import of many batches began each one with
an empty SQLite page cache. Run in a process of its own: the test's own connection is inside a
transaction, where the broker closes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from django_q.models import OrmQ
from techbridge.core import jobs

call_command("migrate", "django_q", verbosity=0)
connection.ensure_connection()
before = connection.connection
with transaction.atomic():
    jobs.enqueue("techbridge.publications.services.recheck_queue_job", name="recheck")
print(OrmQ.objects.count(), connection.connection is before)
"""


@pytest.mark.parametrize(("max_age", "kept"), [(None, "True"), ("0", "False")])
def test_queuing_a_job_keeps_the_process_s_connection(
    tmp_path: Path, max_age: str | None, kept: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHBRIDGE_")}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="techbridge.settings",
        TECHBRIDGE_DEMO="1",
        TECHBRIDGE_DATA_DIR=str(tmp_path),
        TECHBRIDGE_JOBS_SYNC="0",
        TECHBRIDGE_CACHE_URL="",
    )
    if max_age is not None:
        env["TECHBRIDGE_DB_CONN_MAX_AGE"] = max_age
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    # the job is queued either way; the connection is kept by default, closed with 0
    assert done.stdout.split() == ["1", kept]
