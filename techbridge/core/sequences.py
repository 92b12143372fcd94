"""Business numbers drawn from a locked counter in the database, never from ``MAX()+1``.

``MAX()+1`` lets two parallel writers read the same maximum and collide on the unique key
(a server error on PostgreSQL). A counter row updated in place is locked by the update until
the transaction ends, so every process draws its own number.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F

from .models import BusinessSequence


def next_value(name: str, *, start: Callable[[], int] = lambda: 0) -> int:
    """The next value of counter ``name``; a new counter starts after ``start()``.

    Call it inside the transaction that writes the number: the counter row stays locked
    until that transaction ends, and a rolled-back transaction gives its number back.
    """
    with transaction.atomic():
        if not BusinessSequence.objects.filter(name=name).exists():
            # A savepoint: a parallel writer that created it first makes this a no-op.
            BusinessSequence.objects.get_or_create(name=name, defaults={"value": start()})
        BusinessSequence.objects.filter(name=name).update(value=F("value") + 1)
        return int(BusinessSequence.objects.values_list("value", flat=True).get(name=name))
