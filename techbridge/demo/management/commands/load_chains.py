"""Load the demo technology chains into a database that has none (``techbridge load_chains``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from techbridge.demo.chains import ChainsExistError, create_demo_chains


class Command(BaseCommand):
    help = "Load the demo technology chains and map the demo records to them."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = create_demo_chains()
        except ChainsExistError:
            raise CommandError(_("数据库中已有技术链，未做任何更改。")) from None
        message = _(
            "技术链已载入：%(chains)d 条链、%(technologies)d 项关键技术、%(mappings)d 条映射。"
        )
        self.stdout.write(self.style.SUCCESS(message % counts))
