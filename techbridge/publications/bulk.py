"""Bulk inserts for the import: one multi-row INSERT ... RETURNING per chunk, with each column's
conversion chosen once per batch instead of once per value.

Django's ``bulk_create`` prepares every value of every row through the field's full save path;
on an import of thousands of records a second that preparation was most of the time spent. The
rows written are the same (and, as with ``bulk_create``, no ``save()`` signals are sent: the
import sends ``records_imported``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

#: Field classes whose Python value goes to the database driver as it is.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
    models.ForeignKey,
)


def _constant(value: Any) -> Callable[[Any], Any]:
    return lambda obj: value


def _attribute(name: str) -> Callable[[Any], Any]:
    return lambda obj: getattr(obj, name)


def _prepared(field: Any, connection: Any) -> Callable[[Any], Any]:
    return lambda obj: field.get_db_prep_save(getattr(obj, field.attname), connection)


def insert(objs: Sequence[models.Model]) -> None:
    """Insert unsaved ``objs`` (all of one model) and set their primary keys."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(objs)
        return
    meta = model._meta
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    getters: list[Callable[[Any], Any]] = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
            getters.append(_constant(f.get_db_prep_save(now, connection)))
        elif isinstance(f, _PLAIN) and not isinstance(f, models.JSONField):
            getters.append(_attribute(f.attname))
        else:
            getters.append(_prepared(f, connection))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
    tail = f" RETURNING {quote(str(meta.pk.column))}"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            params = [get(obj) for obj in chunk for get in getters]
            cursor.execute(head + ", ".join([one_row] * len(chunk)) + tail, params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias


def update(objs: Sequence[models.Model], field_names: Sequence[str]) -> None:
    """Write ``field_names`` of saved ``objs`` (all of one model): one ``UPDATE ... WHERE pk``
    run for every row (``executemany``), each value prepared by its field. Django's
    ``bulk_update`` builds a ``CASE WHEN`` expression of every row for every field, which took
    most of a re-check of thousands of links; the rows written are the same (and no signals
    are sent either). ``auto_now`` fields among ``field_names`` are set to now."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    fields = [f for name in field_names if isinstance(f := meta.get_field(name), models.Field)]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(str(meta.pk.column))} = %s"
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
