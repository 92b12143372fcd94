"""What every table of the pages shares (django-tables2): the Tabler look, the package's
Bootstrap 5 template with its pager, and columns for counts, amounts and dates.

An app's table subclasses :class:`ListTable` and gives its ``Meta`` as
``class Meta(ListTable.Meta)`` (django-tables2 reads a table's own ``Meta`` only). The page
configures it with ``RequestConfig(request, paginate=...)``: sorting by any column header,
paging, and the other query parameters (filters) kept in both.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.text import capfirst

from .formats import cny_short, grouped

RIGHT = {"td": {"class": "text-end"}, "th": {"class": "text-end"}, "tf": {"class": "text-end"}}


class CountColumn(tables.Column):
    """A whole number, right-aligned, with thousands separators."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", RIGHT)
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return grouped(value)


class AmountColumn(CountColumn):
    """An amount of CNY, right-aligned, as each language reads it (6.30 亿元, 630.0 million CNY)."""

    def render(self, value: Any) -> str:
        return cny_short(value)


class DateColumn(tables.DateColumn):
    """A date as the whole platform writes it: 2020-06-30, on one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", "Y-m-d")
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(*args, **kwargs)


class ListTable(tables.Table):
    """A list page's table. Headers begin with a capital letter, as the model fields' own
    names do in django-tables2 (their English names are written in lower case)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self.columns.iterall():  # this table's own copies of its columns
            if bound.column.verbose_name:
                bound.column.verbose_name = capfirst(bound.column.verbose_name)

    class Meta:
        attrs = {"class": "table card-table table-vcenter"}
        template_name = "django_tables2/bootstrap5.html"


class DetailTable(ListTable):
    """A short table inside a detail page (a partner's agreements, a contract's milestones):
    compact, in the order its page gives, unpaged."""

    class Meta(ListTable.Meta):
        attrs = {"class": "table card-table table-vcenter table-sm"}
        orderable = False
