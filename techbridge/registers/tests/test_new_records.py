"""Every importable register takes a new record in the shape of its own export: the export of
one record, given a new key, imports as one new record (a user fills in the template the same
way)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.db import models

from techbridge.core.registers import Register
from techbridge.registers import services
from techbridge.registers.registry import REGISTERS

pytestmark = pytest.mark.django_db

IMPORTABLE = [r for r in REGISTERS if r.importable]


def _keys(register: Register) -> set[str]:
    """The columns that tell one record from another: the natural key, the columns a row is
    matched by, and every other unique column."""
    model = register.model
    unique = {
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.Field) and f.unique and not f.primary_key
    }
    return ({*register.natural_key, *register.match_by} | unique) & set(register.columns)


def _new_value(field: models.Field[Any, Any], value: Any) -> Any:
    if value in (None, ""):
        return value
    if isinstance(field, models.EmailField):
        return f"new-{value}"
    if isinstance(field, models.DateField):
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        return (day - dt.timedelta(days=1)).isoformat()
    if isinstance(field, models.IntegerField):
        return int(value) - 1
    if isinstance(field, models.SlugField):
        return f"{value}-new"
    if isinstance(field, models.CharField) and field.max_length and len(str(value)) >= 18:
        return str(value)[:-4] + "9X9X"  # codes of a fixed length (credit codes)
    return f"{value}（新）"


@pytest.mark.parametrize("register", IMPORTABLE, ids=lambda r: r.slug)
def test_a_new_record_imports_in_the_shape_of_the_registers_export(register: Register) -> None:
    user = get_user_model().objects.get(username="hq")
    model = register.model
    first = model._default_manager.order_by("pk").first()
    assert first is not None, f"the demo has no {register.slug}"
    resource = register.resource(user=user)
    exported = resource.export(queryset=model._default_manager.filter(pk=first.pk))
    row = dict(zip(exported.headers, exported[0], strict=True))
    if "id" in row:
        row["id"] = ""
    keys = _keys(register)
    for name in keys:
        field = model._meta.get_field(name)
        if not field.is_relation and not field.choices:  # type: ignore[union-attr]
            row[name] = _new_value(field, row[name])  # type: ignore[arg-type]
    if all(model._meta.get_field(k).is_relation for k in register.natural_key):
        # A key of relations only (a student in a course): another record for the last one
        last = register.natural_key[-1]
        fixed = {k: getattr(first, k) for k in register.natural_key[:-1]}
        taken = model._default_manager.filter(**fixed).values_list(f"{last}_id", flat=True)
        related = model._meta.get_field(last).related_model
        assert related is not None and not isinstance(related, str)
        other = related._default_manager.exclude(pk__in=taken).order_by("pk").first()
        assert other is not None
        row[last] = resource.fields[last].widget.render(other)
    upload = tablib.Dataset(headers=exported.headers)
    upload.append([row[h] for h in exported.headers])
    before = model._default_manager.count()

    report = services.run_import(register, upload, user)

    assert report.errors == [], [(e.column, e.reason) for e in report.errors]
    assert (report.new, report.updated) == (1, 0)
    assert model._default_manager.count() == before + 1
