"""Cell converters for register imports and exports, with errors in the user's language.

django-import-export's own widgets report English-only messages for bad dates and numbers
and look foreign keys up with one query per cell; these read a whole related table once
into a dictionary (by its natural keys: code, Chinese name...) and say what is wrong in
the active language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from import_export import widgets

from techbridge.core.params import int_param

EMPTY = (None, "")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class TextWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        return _text(value)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class IntegerWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        text = _text(value)
        if text == "":
            return None
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(_("“%(value)s”不是整数。") % {"value": text}) from None
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s”不是整数。") % {"value": text})
        return int(number)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class DecimalWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        text = _text(value)
        if text == "":
            return None
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(_("“%(value)s”不是数字。") % {"value": text}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s”不是数字。") % {"value": text})
        return number

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return None if value is None else str(value)


class DateWidget(widgets.Widget):
    """ISO dates (2024-03-01), also 2024/3/1 and Excel date cells."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if text == "":
            return None
        text = text.split(" ")[0].split("T")[0]
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s”不是有效日期（应为 YYYY-MM-DD）。") % {"value": text})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.isoformat() if value else ""


class DateTimeWidget(DateWidget):
    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.isoformat(timespec="seconds") if value else ""


class BooleanWidget(widgets.Widget):
    TRUE = {"1", "true", "yes", "y", "是", "t"}
    FALSE = {"0", "false", "no", "n", "否", "f"}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text == "":
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s”不是“是”或“否”。") % {"value": text})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else ("1" if value else "0")


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value or by its label in either language."""

    def __init__(self, choices: Iterable[tuple[Any, Any]], empty: Any = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = list(choices)
        self.empty = empty
        self._lookup: dict[str, Any] | None = None

    def _table(self) -> dict[str, Any]:
        if self._lookup is None:
            from django.utils import translation

            table: dict[str, Any] = {}
            for value, label in self.choices:
                table[str(value).lower()] = value
                for lang in ("zh-hans", "en"):
                    with translation.override(lang):
                        table.setdefault(str(label).lower(), value)
            self._lookup = table
        return self._lookup

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        text = _text(value)
        if text == "":
            return self.empty
        try:
            return self._table()[text.lower()]
        except KeyError:
            allowed = "、".join(str(v) for v, _label in self.choices)
            raise ValueError(
                _("“%(value)s”不是可选值（可选：%(allowed)s）。")
                % {"value": text, "allowed": allowed}
            ) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class NaturalKeyWidget(widgets.Widget):
    """A related record by its natural key (a code, a Chinese or English name, or its id).

    The related rows are read once per import into a dictionary; a value that names two
    different records is refused as ambiguous rather than guessed.
    """

    def __init__(
        self,
        model: type[models.Model],
        keys: tuple[str, ...],
        queryset: Callable[[], models.QuerySet[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.model = model
        self.keys = keys
        self.queryset = queryset or (lambda: model._default_manager.all())
        self._by_key: dict[str, Any] | None = None
        self._by_pk: dict[int, Any] = {}

    AMBIGUOUS = object()

    def _table(self) -> dict[str, Any]:
        if self._by_key is None:
            table: dict[str, Any] = {}
            for obj in self.queryset().only("pk", *[k for k in self.keys if k != "pk"]):
                self._by_pk[obj.pk] = obj
                for key in self.keys:
                    text = _text(getattr(obj, key))
                    if text == "":
                        continue
                    known = table.get(text)
                    table[text] = obj if known in (None, obj) else self.AMBIGUOUS
            self._by_key = table
        return self._by_key

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        text = _text(value)
        if text == "":
            return None
        found = self._table().get(text)
        pk = int_param(text)
        if found is None and pk is not None:
            found = self._by_pk.get(pk)
        if found is None:
            raise ValueError(
                _("找不到“%(value)s”对应的%(model)s。")
                % {"value": text, "model": self.model._meta.verbose_name}
            )
        if found is self.AMBIGUOUS:
            raise ValueError(
                _("“%(value)s”对应多条%(model)s，请改用编号。")
                % {"value": text, "model": self.model._meta.verbose_name}
            )
        return found

    def remember(self, obj: Any) -> None:
        """Let later rows of the same file name ``obj`` (a row's record that other rows of
        the file refer to: a technology field's parent)."""
        table = self._table()
        for key in self.keys:
            text = _text(getattr(obj, key, ""))
            if text == "":
                continue
            known = table.get(text)
            same = known is None or known is obj
            if known is not None and not same and known is not self.AMBIGUOUS:
                same = obj.pk is not None and known.pk == obj.pk
            table[text] = obj if same else self.AMBIGUOUS

    def render(self, value: Any, obj: Any = None, avoid: str = "", **kwargs: Any) -> str:
        """The first natural key that names ``value`` alone (so that the file imports into
        another database as well as this one); its id where no key does. Keys containing
        ``avoid`` (a list's separator) are passed over."""
        if value is None:
            return ""
        table = self._table()
        for key in self.keys:
            text = _text(getattr(value, key, ""))
            if text == "" or (avoid and avoid in text):
                continue
            found = table.get(text)
            if found is not None and found is not self.AMBIGUOUS and found.pk == value.pk:
                return text
        return str(value.pk)


class ManyKeysWidget(widgets.ManyToManyWidget):
    """Related records by their natural keys, joined by commas (a record's technology
    fields, a project's experts); read back the same way."""

    SEPARATOR = ","

    def __init__(
        self,
        model: type[models.Model],
        keys: tuple[str, ...],
        queryset: Callable[[], models.QuerySet[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(model, separator=self.SEPARATOR, **kwargs)
        self.keys = keys
        self.one = NaturalKeyWidget(model, keys, queryset)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[Any]:
        parts = _text(value).replace("，", self.SEPARATOR).split(self.SEPARATOR)
        found = [self.one.clean(part) for part in parts if part.strip()]
        return list({item.pk: item for item in found}.values())

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None:
            return ""
        return self.SEPARATOR.join(
            self.one.render(item, avoid=self.SEPARATOR) for item in value.all()
        )
