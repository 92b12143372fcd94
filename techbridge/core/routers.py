"""Database routing: the database cache's reads and writes go through the ``cache`` alias
(the same database, its own autocommit connection); everything else is left to Django."""

from __future__ import annotations

from typing import Any

#: The app label Django gives the database cache's table.
CACHE_APP_LABEL = "django_cache"


class CacheRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return "cache" if model._meta.app_label == CACHE_APP_LABEL else None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "cache" if model._meta.app_label == CACHE_APP_LABEL else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The cache alias is the default database: nothing is migrated through it twice.
        if db == "cache":
            return app_label == CACHE_APP_LABEL
        return None
