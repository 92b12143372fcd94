"""Notifications' scheduled jobs: the overdue-milestone and stalled-case reminders the worker
runs every hour (each reminder reaches each person once, so running them often is safe)."""

from __future__ import annotations

from .services import notify_overdue_milestones, notify_stalled_cases


def remind_overdue() -> int:
    return notify_overdue_milestones()


def remind_stalled() -> int:
    return notify_stalled_cases()
