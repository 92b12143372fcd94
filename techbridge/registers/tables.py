"""A register's list as a django-tables2 table: its list columns, sortable, paged."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import ListTable

from .registry import Register


def cell(obj: Any, name: str) -> Any:
    """The value of column ``name`` as the list shows it: choice labels, many-to-many names
    joined, amounts with thousands separators and no trailing zeros."""
    field = obj._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        return "、".join(str(o) for o in getattr(obj, name).all())
    if field.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if isinstance(field, models.DecimalField) and value is not None:
        return f"{value:,.{field.decimal_places}f}".rstrip("0").rstrip(".")
    return "" if value is None else value


class RegisterColumn(tables.Column):
    def __init__(self, name: str, **kwargs: Any) -> None:
        self.field_name = name
        super().__init__(accessor=tables.A("pk"), **kwargs)

    def render(self, value: Any, record: Any) -> str:
        return Truncator(str(cell(record, self.field_name))).chars(60)


class RegisterTable(ListTable):
    class Meta(ListTable.Meta):
        attrs = {**ListTable.Meta.attrs, "data-testid": "register-table"}
        template_name = "registers/_table.html"
        empty_text = _("没有符合条件的记录。")


def table_class(register: Register) -> type[RegisterTable]:
    """The table of ``register``: one sortable column per list column (many-to-many columns
    are not sortable), headed by the field's name."""
    opts = register.model._meta
    attrs: dict[str, Any] = {}
    for name in register.shown_columns():
        field = opts.get_field(name)
        many = isinstance(field, models.ManyToManyField)
        attrs[name] = RegisterColumn(
            name,
            verbose_name=getattr(field, "verbose_name", name),
            order_by=() if many else (name,),
            orderable=not many,
        )
    # django-tables2 reads a table's own Meta only: the subclass carries one that inherits.
    attrs["Meta"] = type("Meta", (RegisterTable.Meta,), {})
    return type(f"{register.model.__name__}Table", (RegisterTable,), attrs)
