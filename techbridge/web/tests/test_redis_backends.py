"""The scale-out backends on a real Redis server: jobs queued in Redis by one process and run
by a worker process; a cache entry written by one process and read by another."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from techbridge.testing.browser import SERVER_ENV
from techbridge.testing.processes import Shell, manage, manage_json, worker

pytestmark = pytest.mark.slow

SITE = "https://techbridge.example.org"
#: Whether the test's notification is marked e-mailed (printed as JSON).
EMAILED = (
    "import json\nfrom techbridge.notifications.models import Notification\n"
    "n = Notification.objects.filter(title='Redis 队列邮件').get()\n"
    "print(json.dumps(n.emailed_at is not None))"
)


def _env(demo_server: str, redis_url: str, queue: str) -> dict[str, str]:
    return {
        **SERVER_ENV[demo_server],
        "TECHBRIDGE_QUEUE_NAME": queue,
        "TECHBRIDGE_QUEUE_URL": f"{redis_url}/0",
        "TECHBRIDGE_CACHE_URL": f"{redis_url}/1",
        "TECHBRIDGE_JOBS_SYNC": "0",
        "TECHBRIDGE_JOB_WORKERS": "1",
        "TECHBRIDGE_SITE_URL": SITE,
        "TECHBRIDGE_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


BACKLOG = "import json\nfrom techbridge.core import jobs\nprint(json.dumps(jobs.backlog()))"


def test_a_job_queued_in_redis_is_run_by_the_worker(
    demo_server: str, redis_url: str, tmp_path: Path
) -> None:
    import redis

    env = _env(demo_server, redis_url, "redis-mail")
    # Given a notification written while no worker runs: its e-mail waits in Redis
    manage(
        env,
        "from django.contrib.auth import get_user_model\n"
        "from techbridge.notifications.services import notify\n"
        "hq = get_user_model().objects.get(username='hq')\n"
        "notify([hq], 'need_status', 'Redis 队列邮件', '正文', '/needs/2/')\n",
    )
    assert redis.Redis.from_url(f"{redis_url}/0").llen("django_q:redis-mail:q") == 1
    assert manage_json(env, BACKLOG) == 1
    # When a worker on that queue starts, it sends the e-mail with an absolute link
    mail_worker = worker(env, tmp_path / "worker.log")
    try:
        mail_worker.wait_for_output(f"{SITE}/needs/2/", timeout_s=60)
        # The e-mail is written inside the transaction that marks it sent: the worker runs
        # until that commits (stopped earlier, the queue would send it again later)
        with Shell(env, tmp_path / "shell.log") as shell:
            deadline = time.monotonic() + 60
            while not (sent := shell.json(EMAILED)) and time.monotonic() < deadline:
                time.sleep(1)
    finally:
        mail_worker.stop()
    assert sent is True
    assert manage_json(env, BACKLOG) == 0


def test_the_cache_in_redis_is_shared_by_processes(demo_server: str, redis_url: str) -> None:
    import redis

    env = _env(demo_server, redis_url, "redis-cache")
    key = f"shared-{time.time_ns()}"
    manage(env, f"from django.core.cache import cache\ncache.set({key!r}, '共享的值', 60)")
    # The entry is in Redis (not in a table of the database), and another process reads it
    assert redis.Redis.from_url(f"{redis_url}/1").keys(f"*{key}*")
    read = manage_json(
        env,
        f"import json\nfrom django.core.cache import cache\nprint(json.dumps(cache.get({key!r})))",
    )
    assert read == "共享的值"
