"""Read replicas: reads of the models that allow it go to the ``replica`` database.

A model opts in with the class attribute ``replica_reads = True`` (tables that are read far
more than written and may trail the primary by the replica's lag, such as the match index's).
Every write, every other read and every migration goes to ``default``, the primary. The
router is installed only when ``TECHBRIDGE_REPLICA_URL`` is set (``techbridge/settings.py``).
"""

from __future__ import annotations

from typing import Any

from django.db import router

#: The alias of the primary, which takes every write.
PRIMARY = "default"
#: The alias of the read replica (``TECHBRIDGE_REPLICA_URL``).
REPLICA = "replica"


def reads_from_replica(model: type[Any]) -> bool:
    """Whether the model declares that its reads may go to the replica."""
    return bool(getattr(model, "replica_reads", False))


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return REPLICA if reads_from_replica(model) else PRIMARY

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica is a copy of the primary: a row read from either may refer to the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The replica follows the primary's schema through replication.
        return db == PRIMARY


def read_alias(model: type[Any]) -> str:
    """The database alias to read ``model`` from, for code that runs raw SQL: what the
    configured routers answer, ``"default"`` when none is installed or none answers."""
    return router.db_for_read(model)
