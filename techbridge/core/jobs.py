"""Background jobs, through django-q2's queue.

The queue lives in the database by default (SQLite or PostgreSQL: nothing more to run on a
laptop) and in Redis when ``TECHBRIDGE_QUEUE_URL`` names one; ``techbridge worker`` runs the
jobs. A job is a plain function named by its dotted path; :func:`enqueue` queues it once the
current transaction commits, so a job never sees, or acts on, a change that rolled back.

Every job is written to be run again safely (a worker killed mid-job leaves its job in the
queue, and the queue hands it out again after ``TECHBRIDGE_JOB_TIMEOUT`` seconds): it works in
one transaction, or it checks what is already done. A job that raises is run again after a
back-off (30 s, 60 s, 120 s, ...) up to ``TECHBRIDGE_JOB_ATTEMPTS`` attempts; each failed
attempt is listed with its error for staff (admin: 后台任务 › 失败的任务).

With ``TECHBRIDGE_JOBS_SYNC`` (the test suite) jobs run in the process that queues them, still
after the commit.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

RUNNER = "techbridge.core.jobs.run"


def enqueue(func: str, *args: Any, name: str = "", **kwargs: Any) -> None:
    """Queue ``func(*args, **kwargs)`` when the current transaction commits (at once outside
    one). Arguments must be plain values: numbers, strings, lists, dicts."""
    transaction.on_commit(lambda: submit(func, list(args), kwargs, name=name))


def submit(
    func: str,
    args: list[Any],
    kwargs: dict[str, Any],
    *,
    attempt: int = 1,
    delay_s: float = 0,
    name: str = "",
) -> None:
    """Hand a job to the queue now (``delay_s``: not before that many seconds)."""
    from django_q.models import Schedule
    from django_q.tasks import async_task, schedule

    label = name or func.rsplit(".", 1)[-1]
    if settings.JOBS_SYNC:
        run(func, args, kwargs, attempt, name, sync=True)
        return
    if delay_s > 0:
        schedule(
            RUNNER,
            func,
            args,
            kwargs,
            attempt,
            name,
            name=f"{label} · retry {attempt} · {timezone.now():%Y%m%d%H%M%S%f}",
            schedule_type=Schedule.ONCE,
            repeats=-1,  # deleted once it has fired
            next_run=timezone.now() + dt.timedelta(seconds=delay_s),
        )
        return
    async_task(RUNNER, func, args, kwargs, attempt, name, task_name=label, group=label)


def time_budget_s() -> float:
    """Seconds a long job may work before it hands the rest of its work to a new job: half
    the queue's time limit, so that the limit never stops a job mid-way (a job the limit
    stops is recorded as failed and not run again)."""
    return cast(int, settings.Q_CLUSTER["timeout"]) / 2


def backoff_s(attempt: int) -> float:
    """Seconds before attempt ``attempt + 1`` of a job whose attempt ``attempt`` failed."""
    return float(settings.JOBS_BACKOFF_S * 2 ** (attempt - 1))


def run(
    func: str,
    args: list[Any],
    kwargs: dict[str, Any],
    attempt: int = 1,
    name: str = "",
    *,
    sync: bool = False,
) -> Any:
    """Run one job (what the worker calls); a failure queues the next attempt and re-raises,
    so the queue records it with its error."""
    try:
        return import_string(func)(*args, **kwargs)
    except Exception:
        if sync:
            raise
        if attempt < settings.JOBS_MAX_ATTEMPTS:
            delay = backoff_s(attempt)
            log.warning("job %s failed (attempt %d); next attempt in %.0f s", func, attempt, delay)
            submit(func, args, kwargs, attempt=attempt + 1, delay_s=delay, name=name)
        else:
            log.error("job %s failed on its last attempt (%d)", func, attempt)
        raise


def backlog() -> int:
    """Jobs waiting in the queue (and due schedules), for ``/healthz``."""
    from django_q.brokers import get_broker

    try:
        return int(get_broker().queue_size() or 0)
    except Exception:  # a queue that cannot be reached is reported as such by the caller
        return -1


def failed_since(since: dt.datetime) -> int:
    """Failed job attempts since ``since`` (each is listed with its error in the admin)."""
    from django_q.models import Failure

    return Failure.objects.filter(stopped__gte=since).count()


@dataclass(frozen=True)
class FailedAttempt:
    """One failed attempt of a job, as the operations page lists it."""

    name: str
    job: str
    attempt: int
    started: dt.datetime
    stopped: dt.datetime
    error: str


def recent_failures(limit: int) -> list[FailedAttempt]:
    """The newest failed job attempts, with the job's dotted path and its error."""
    from django_q.models import Failure

    out: list[FailedAttempt] = []
    for failure in Failure.objects.order_by("-stopped")[:limit]:
        args = list(failure.args or ())
        by_runner = failure.func == RUNNER and args
        out.append(
            FailedAttempt(
                name=failure.name,
                job=str(args[0]) if by_runner else failure.func,
                attempt=int(args[3]) if by_runner and len(args) > 3 else 1,
                started=failure.started,
                stopped=failure.stopped,
                error=str(failure.result or ""),
            )
        )
    return out


def ensure_schedules() -> None:
    """The periodic jobs the worker runs itself (created or updated, never duplicated)."""
    from django_q.models import Schedule

    for name, func, minutes in SCHEDULES:
        Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": RUNNER,
                "args": repr((func, [], {}, 1)),
                "schedule_type": Schedule.MINUTES,
                "minutes": minutes,
                "repeats": -1,
            },
        )


#: (name, job, every N minutes): overdue-milestone and stalled-case reminders, change-feed
#: pruning.
SCHEDULES = [
    ("overdue-milestone-reminders", "techbridge.notifications.jobs.remind_overdue", 60),
    ("stalled-case-reminders", "techbridge.notifications.jobs.remind_stalled", 60),
    ("prune-index-changes", "techbridge.matching.jobs.prune_changes", 24 * 60),
]
