from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import pgettext_lazy


class CoreConfig(AppConfig):
    name = "techbridge.core"
    verbose_name = pgettext_lazy("app", "基础数据")

    def ready(self) -> None:
        from .audit import register_all

        register_all()
        # Every ``migrate`` also creates the database cache's table (where that cache is
        # configured; nothing happens for Redis), so a new database needs no extra step.
        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    call_command("createcachetable", database=using, verbosity=0)
