"""``techbridge worker``: the job worker (django-q2's cluster) with the platform's schedules.

Runs encoding and indexing of changed texts, register imports, e-mail, reports and index
rebuilds as they are queued, and the periodic jobs of ``techbridge.core.jobs.SCHEDULES``
(overdue-milestone reminders every hour) by itself: no cron entry. Start as many as needed,
on as many machines as share the database (or the Redis queue).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from techbridge.core.jobs import ensure_schedules


class Command(BaseCommand):
    help = "Run background jobs and the platform's schedules (django-q2 cluster)."

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_schedules()
        call_command("qcluster")
