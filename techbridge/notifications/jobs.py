"""Notifications' scheduled job: the overdue-milestone reminders the worker runs every hour
(each milestone's reminder reaches each person once, so running it often is safe)."""

from __future__ import annotations

from .services import notify_overdue_milestones


def remind_overdue() -> int:
    return notify_overdue_milestones()
