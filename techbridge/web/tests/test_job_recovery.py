"""Jobs on a real worker process: a worker killed with SIGKILL mid-job leaves nothing half-done
and the job runs again after a restart; e-mail leaves through the queue with absolute links.

The worker under test takes jobs from a queue of its own (``TECHBRIDGE_QUEUE_NAME``) on the
demo server's database, so the demo's own worker never takes them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from techbridge.testing.browser import SERVER_ENV
from techbridge.testing.processes import Process, Shell, manage, manage_json, worker

pytestmark = pytest.mark.slow

ROWS = 4000
SITE = "https://techbridge.example.org"


def _env(demo_server: str, queue: str, timeout_s: int = 35) -> dict[str, str]:
    """The environment of a worker of ``queue`` whose jobs may run ``timeout_s`` (the jobs
    below take a fraction of that on a busy machine: one that runs longer is stopped); a job
    whose worker died is handed out again ``timeout_s`` + 2 s after that worker took it."""
    return {
        **SERVER_ENV[demo_server],
        "TECHBRIDGE_QUEUE_NAME": queue,
        "TECHBRIDGE_JOBS_SYNC": "0",
        "TECHBRIDGE_JOB_TIMEOUT": str(timeout_s),
        "TECHBRIDGE_JOB_RETRY_GRACE": "2",
        "TECHBRIDGE_JOB_WORKERS": "1",
        "TECHBRIDGE_SITE_URL": SITE,
        "TECHBRIDGE_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


def _wait(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.5)


QUEUE_IMPORT = """
import json, tablib
from django.contrib.auth import get_user_model
from techbridge.people.models import Expert
from techbridge.registers import registry, services
user = get_user_model().objects.get(username="hq")
register = registry.get("experts")
template = register.resource(user=user).export(queryset=Expert.objects.order_by("pk")[:1])
row = dict(zip(template.headers, template[0]))
data = tablib.Dataset(headers=template.headers)
for i in range(ROWS):
    row.update(id="", name_zh=f"恢复{i}", name_en=f"Recovery {i}",
               email=f"recovery-{i}@kill9.example.org")
    data.append([row[h] for h in template.headers])
token = services.save_upload(user, "experts", "experts.csv", data.export("csv").encode())
services.start_import(register, user, token)
print(json.dumps(token))
"""

COUNT_IMPORTED = """
import json
from techbridge.people.models import Expert
print(json.dumps(Expert.objects.filter(email__endswith="@kill9.example.org").count()))
"""


def test_a_killed_import_writes_nothing_and_runs_again(demo_server: str, tmp_path: Path) -> None:
    # (the import of ROWS rows takes a few seconds: it is killed 1.5 s after it starts, and
    # handed out again 10 s after the killed worker took it; the second worker's limit is 25 s)
    env = _env(demo_server, "recovery-import", timeout_s=25)
    with Shell(env, tmp_path / "shell.log") as shell:
        token = shell.json(QUEUE_IMPORT.replace("ROWS", str(ROWS)))
        first = worker(_env(demo_server, "recovery-import", timeout_s=8), tmp_path / "worker-1.log")
        try:
            first.wait_for_output(f"register import {token} of experts started", timeout_s=60)
            time.sleep(1.5)
        finally:
            first.kill()  # SIGKILL to the worker and its job processes
        assert shell.json(COUNT_IMPORTED) == 0  # the killed transaction left nothing

        second = worker(env, tmp_path / "worker-2.log")
        try:
            _wait(lambda: shell.json(COUNT_IMPORTED) == ROWS, 480, "the import to run again")
            time.sleep(2)
            assert shell.json(COUNT_IMPORTED) == ROWS  # each row once
            progress = shell.json(
                "import json\nfrom django.contrib.auth import get_user_model\n"
                "from techbridge.registers import progress\n"
                "u = get_user_model().objects.get(username='hq')\n"
                f"print(json.dumps(progress.get({json.dumps(token)}, u.pk)['state']))",
            )
            assert progress == "done"
        finally:
            second.stop()


QUEUE_ENCODING = """
import json
from techbridge.core import jobs
from techbridge.matching.models import DocumentVector
from techbridge.people.models import ProfileDocument
stored = DocumentVector.objects.values_list("key", flat=True)
keys = [f"doc:{pk}" for pk in ProfileDocument.objects.filter(
    expert__technology_fields__code="biomedicine").exclude(
    pk__in=[int(k[4:]) for k in stored if k.startswith("doc:") and "#" not in k]
).order_by("pk").values_list("pk", flat=True).distinct()[:COUNT]]
jobs.enqueue("techbridge.matching.jobs.encode_documents", keys)
print(json.dumps(keys))
"""

COUNT_ENCODED = """
import json
from techbridge.matching.models import DocumentVector, IndexChange
keys = KEYS
print(json.dumps([DocumentVector.objects.filter(key__in=keys).count(),
                  IndexChange.objects.filter(key__in=keys).count()]))
"""


def test_a_killed_indexing_job_keeps_whole_batches_and_finishes(
    demo_server: str, tmp_path: Path
) -> None:
    # (an encoding job hands on what is left after half its time limit: 6 s for the worker
    # that is killed, 10 s for the second; either way only whole batches are stored)
    env = _env(demo_server, "recovery-index", timeout_s=20)
    with Shell(env, tmp_path / "shell.log") as shell:
        keys = shell.json(QUEUE_ENCODING.replace("COUNT", "160"))
        assert isinstance(keys, list) and len(keys) > 128  # more than two batches
        counts = COUNT_ENCODED.replace("KEYS", json.dumps(keys))
        first = worker(_env(demo_server, "recovery-index", timeout_s=12), tmp_path / "worker-1.log")
        try:
            first.wait_for_output(f"encoding up to {len(keys)} documents", timeout_s=60)
            # killed once its first batch is stored
            _wait(lambda: shell.json(counts)[0] > 0, 60, "the first batch")
        finally:
            first.kill()
        found = shell.json(counts)
        assert isinstance(found, list)
        vectors, changes = int(found[0]), int(found[1])
        assert vectors < len(keys)  # killed mid-way
        assert vectors % 64 == 0 and changes == vectors  # whole batches, each with its changes

        second = worker(env, tmp_path / "worker-2.log")
        try:
            # (the job is handed out again 14 s after the killed worker took it)
            _wait(lambda: shell.json(counts) == [len(keys), len(keys)], 480, "indexing to finish")
        finally:
            second.stop()


EMAILED = (
    "import json\nfrom techbridge.notifications.models import Notification\n"
    "n = Notification.objects.filter(title__contains='队列邮件测试').get()\n"
    "print(json.dumps(n.emailed_at is not None))"
)


def test_email_leaves_through_the_queue_with_absolute_links(
    demo_server: str, tmp_path: Path
) -> None:
    env = _env(demo_server, "recovery-email")
    mail_worker: Process = worker(env, tmp_path / "worker.log")
    try:
        manage(
            env,
            "from django.contrib.auth import get_user_model\n"
            "from techbridge.notifications.services import notify\n"
            "hq = get_user_model().objects.get(username='hq')\n"
            "notify([hq], 'need_status', '队列邮件测试', '正文', '/needs/1/')\n",
        )
        mail_worker.wait_for_output(f"{SITE}/needs/1/", timeout_s=60)
        assert "队列邮件测试" in mail_worker.output() or "Subject:" in mail_worker.output()
        # The e-mail is written inside the transaction that marks it sent: the worker runs
        # until that commits (stopped earlier, the queue would send it again later)
        with Shell(env, tmp_path / "shell.log") as shell:
            deadline = time.monotonic() + 60
            while not (sent := shell.json(EMAILED)) and time.monotonic() < deadline:
                time.sleep(1)
    finally:
        mail_worker.stop()
    assert sent is True


def test_a_failing_job_is_retried_later_and_listed_with_its_error(
    demo_server: str, tmp_path: Path
) -> None:
    env = {**_env(demo_server, "recovery-failure"), "TECHBRIDGE_JOB_BACKOFF_S": "150"}
    # Given a job that raises, on its third of four attempts
    manage(
        env,
        "from techbridge.core import jobs\n"
        "jobs.submit('techbridge.notifications.jobs.no_such_job', [], {}, attempt=3,"
        " name='broken-job')\n",
    )
    failing = worker(env, tmp_path / "worker.log")
    try:
        failing.wait_for_output("failed (attempt 3)", timeout_s=60)
        time.sleep(2)  # the cluster's monitor stores the failure
    finally:
        failing.stop()
    # Then the failure is stored with its error, and the last attempt waits its back-off
    # (150 s doubled per failed attempt: 600 s after the third)
    found = manage_json(
        env,
        "import json\nfrom django.utils import timezone\n"
        "from django_q.models import Schedule\nfrom techbridge.core import jobs\n"
        "f = [x for x in jobs.recent_failures(10) if x.name == 'broken-job']\n"
        "s = Schedule.objects.filter(name__startswith='broken-job · retry 4').get()\n"
        "print(json.dumps([len(f), f[0].job, f[0].attempt, 'does not define' in f[0].error,"
        " round((s.next_run - timezone.now()).total_seconds())]))",
    )
    assert isinstance(found, list)
    assert found[:4] == [1, "techbridge.notifications.jobs.no_such_job", 3, True]
    assert 500 < found[4] <= 600
