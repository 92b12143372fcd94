"""A model's constraints checked on imported rows without a database query per row.

``CheckConstraint`` conditions built from comparisons, ``isnull``, ``F()`` and arithmetic are
evaluated in Python with SQL's three-valued logic (a NULL comparison does not fail the
check, as in the database); anything else falls back to Django's own ``validate()``.
Unique fields and ``UniqueConstraint``s are checked against the keys already stored (read
once) and the rows seen earlier in the same file.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.expressions import CombinedExpression
from django.utils.translation import gettext as _

LOOKUPS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


class Unsupported(Exception):
    """The condition uses something the Python evaluator does not know."""


def _attname(model: type[models.Model], name: str) -> str:
    field: Any = model._meta.get_field(name)
    return str(field.attname)


def _value(model: type[models.Model], expr: Any, instance: Any) -> Any:
    if isinstance(expr, F):
        return getattr(instance, _attname(model, str(expr.name)))  # type: ignore[attr-defined]
    if isinstance(expr, Value):
        return expr.value
    if isinstance(expr, CombinedExpression):
        if expr.connector not in ARITHMETIC:
            raise Unsupported(expr.connector)
        left = _value(model, expr.lhs, instance)
        right = _value(model, expr.rhs, instance)
        if left is None or right is None:
            return None
        return ARITHMETIC[expr.connector](left, right)
    if isinstance(expr, int | float | str | bool) or expr is None:
        return expr
    from decimal import Decimal

    if isinstance(expr, Decimal):
        return expr
    raise Unsupported(type(expr).__name__)


def evaluate(model: type[models.Model], condition: Any, instance: Any) -> bool | None:
    """``True``, ``False`` or ``None`` (unknown, as SQL NULL) for ``condition`` on ``instance``."""
    if isinstance(condition, Q):
        results = [evaluate(model, child, instance) for child in condition.children]
        if condition.connector == Q.AND:
            out: bool | None = False if False in results else (None if None in results else True)
        elif condition.connector == Q.OR:
            out = True if True in results else (None if None in results else False)
        else:
            raise Unsupported(condition.connector)
        if condition.negated:
            return None if out is None else not out
        return out
    if isinstance(condition, tuple) and len(condition) == 2:
        path, expected = condition
        name, _sep, lookup = path.partition("__")
        lookup = lookup or "exact"
        actual = getattr(instance, _attname(model, name))
        if lookup == "isnull":
            return (actual is None) == bool(expected)
        if lookup not in LOOKUPS:
            raise Unsupported(lookup)
        right = _value(model, expected, instance)
        if isinstance(right, models.Model):
            right = right.pk
        if actual is None or right is None:
            return None
        return bool(LOOKUPS[lookup](actual, right))
    raise Unsupported(type(condition).__name__)


def fields_of(condition: Any) -> list[str]:
    """The field names a condition reads, in order."""
    names: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, Q):
            for child in node.children:
                walk(child)
        elif isinstance(node, tuple) and len(node) == 2:
            names.append(node[0].split("__")[0])
            walk(node[1])
        elif isinstance(node, F):
            names.append(str(node.name))  # type: ignore[attr-defined]
        elif isinstance(node, CombinedExpression):
            walk(node.lhs)
            walk(node.rhs)

    walk(condition)
    return list(dict.fromkeys(names))


def _violation_message(check: models.BaseConstraint) -> str:
    return str(check.get_violation_error_message())


class ModelChecks:
    """The constraints of ``model`` that an import of ``attributes`` can break."""

    def __init__(self, model: type[models.Model], attributes: set[str]) -> None:
        self.model = model
        self.checks = [c for c in model._meta.constraints if isinstance(c, models.CheckConstraint)]
        unique: list[tuple[str, ...]] = [
            (f.name,)
            for f in model._meta.concrete_fields
            if f.unique and not f.primary_key and f.name in attributes
        ]
        for c in model._meta.constraints:
            if (
                isinstance(c, models.UniqueConstraint)
                and c.fields
                and c.condition is None
                and not c.expressions
                and set(c.fields) <= attributes
            ):
                unique.append(tuple(c.fields))
        self.unique = unique
        self._stored: dict[tuple[str, ...], dict[tuple[Any, ...], Any]] | None = None
        self._seen: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {u: {} for u in unique}

    def _stored_keys(self) -> dict[tuple[str, ...], dict[tuple[Any, ...], Any]]:
        if self._stored is None:
            stored = {}
            for names in self.unique:
                attnames = [_attname(self.model, n) for n in names]
                stored[names] = {
                    tuple(row[1:]): row[0]
                    for row in self.model._default_manager.values_list("pk", *attnames)
                }
            self._stored = stored
        return self._stored

    def violations(self, instance: Any, row_number: int) -> Iterator[tuple[list[str], str]]:
        """(field names, translated message) for each constraint ``instance`` breaks."""
        for check in self.checks:
            try:
                broken = evaluate(self.model, check.condition, instance) is False
            except Unsupported:
                try:
                    check.validate(self.model, instance)
                    broken = False
                except ValidationError:
                    broken = True
            if broken:
                yield fields_of(check.condition), _violation_message(check)
        stored = self._stored_keys()
        for names in self.unique:
            key = tuple(getattr(instance, _attname(self.model, n)) for n in names)
            if any(v in (None, "") for v in key):
                continue
            columns = "、".join(names)
            owner = stored[names].get(key)
            if owner is not None and owner != instance.pk:
                yield list(names), _("已有记录使用相同的 %(columns)s。") % {"columns": columns}
                continue
            first = self._seen[names].setdefault(key, row_number)
            if first != row_number:
                yield (
                    list(names),
                    _("与第 %(row)s 行的 %(columns)s 重复。")
                    % {"row": first + 1, "columns": columns},
                )
