"""/healthz: the database, the job queue's backlog, and each process's index lag."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from techbridge.core import jobs
from techbridge.matching.models import IndexChange, IndexFollower

pytestmark = pytest.mark.django_db


def test_healthz_reports_queue_backlog_and_index_lag(settings: Any) -> None:
    settings.JOBS_SYNC = False
    before = Client().get("/healthz").json()
    assert before["status"] == "ok"
    assert before["queue"]["backend"] == "database"
    jobs.submit("techbridge.matching.jobs.prune_changes", [], {})
    jobs.submit("techbridge.matching.jobs.prune_changes", [], {})
    IndexChange.objects.create(key="need:1")
    newest = IndexChange.objects.create(key="need:2")
    IndexFollower.objects.create(
        name="web-1:100", state="ready", indexed=10, applied=newest.pk - 2, seen_at=timezone.now()
    )
    IndexFollower.objects.create(
        name="web-2:200", state="ready", indexed=10, applied=newest.pk, seen_at=timezone.now()
    )
    IndexFollower.objects.create(  # gone for an hour: not listed
        name="old:1",
        state="ready",
        applied=0,
        seen_at=timezone.now() - dt.timedelta(hours=1),
    )
    body = Client().get("/healthz").json()
    assert body["queue"]["backlog"] == before["queue"]["backlog"] + 2
    lag = {p["name"]: p for p in body["matching"]["processes"]}
    assert set(lag) == {"web-1:100", "web-2:200"}
    assert lag["web-1:100"]["behind"] == 2 and lag["web-1:100"]["lag_s"] >= 0
    assert lag["web-2:200"]["behind"] == 0 and lag["web-2:200"]["lag_s"] == 0
