"""``techbridge notify_overdue [--date YYYY-MM-DD]``: remind people of overdue milestones.

Run it daily: each milestone's reminder reaches each person once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from techbridge.notifications.services import notify_overdue_milestones


class Command(BaseCommand):
    help = "Notify institute and headquarters staff of contract milestones past their due date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Count milestones due before this day (YYYY-MM-DD) as overdue; default today.",
        )

    def handle(self, *args: Any, date: str | None = None, **options: Any) -> None:
        today: dt.date | None = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(
                    _("日期“%(value)s”无效，请使用 YYYY-MM-DD 格式。") % {"value": date}
                ) from None
        sent = notify_overdue_milestones(today)
        self.stdout.write(
            self.style.SUCCESS(_("已发送 %(count)d 条逾期里程碑提醒。") % {"count": sent})
        )
