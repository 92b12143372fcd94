"""The operations page: the serving processes' index lag, the queue, failed jobs with their
error, and the index rebuild, for staff accounts only."""

from __future__ import annotations

import traceback
import uuid
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client, override_settings
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import OrmQ
from django_q.monitor import save_task

from techbridge.core import jobs

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    assert client.login(request=HttpRequest(), username=username, password="techbridge-demo")
    return client


def test_a_failed_job_is_listed_with_its_error() -> None:
    # Given a job whose last attempt raised, stored by django-q2 as its worker stores it
    # (the real worker's run: test_job_recovery.py)
    try:
        jobs.run("techbridge.notifications.jobs.no_such_job", [], {}, 4)
    except ImportError as error:
        raised = f"{error} : {traceback.format_exc()}"
    now = timezone.now()
    save_task(
        {
            "id": uuid.uuid4().hex,
            "name": "broken-job",
            "func": jobs.RUNNER,
            "args": ("techbridge.notifications.jobs.no_such_job", [], {}, 4),
            "kwargs": {},
            "started": now,
            "stopped": now,
            "result": raised,
            "success": False,
            "sync": True,
        },
        get_broker(),
    )
    # When an operator opens the operations page
    page = _client("admin").get("/operations/").content.decode()
    # Then the failure shows: the job, its attempt and the error raised
    assert 'data-testid="failed-jobs"' in page
    assert "techbridge.notifications.jobs.no_such_job" in page and "broken-job" in page
    assert "does not define a" in page
    assert 'data-testid="failed-last-day">1<' in page


def test_the_rebuild_button_queues_the_encoding_of_every_text(
    django_capture_on_commit_callbacks: Any,
) -> None:
    hq = _client("hq")
    with override_settings(JOBS_SYNC=False), django_capture_on_commit_callbacks(execute=True):
        response = hq.post("/operations/rebuild-index/")
    assert response.status_code == 302
    queued = [q.func() for q in OrmQ.objects.all()]
    assert queued == [jobs.RUNNER]
    assert OrmQ.objects.get().task["args"][0] == "techbridge.matching.jobs.encode_everything"
    page = hq.get("/operations/").content.decode()
    assert 'data-testid="backlog">1<' in page


@pytest.mark.parametrize("username", ["institute", "enterprise", "expert"])
def test_only_staff_accounts_see_operations(username: str) -> None:
    client = _client(username)
    assert client.get("/operations/").status_code == 403
    assert client.post("/operations/rebuild-index/").status_code == 403
    assert not OrmQ.objects.exists()
    assert "/operations/" not in client.get("/").content.decode()
