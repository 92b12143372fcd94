"""Parsing of query parameters: bad input is ignored or refused, never a server error."""

from __future__ import annotations

#: Longest accepted number: 18 digits always fit a 64-bit database integer (ids, years).
MAX_DIGITS = 18
#: Years an API accepts as a parameter.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def int_param(value: object, *, lo: int | None = None, hi: int | None = None) -> int | None:
    """The whole number written in ``value`` if it lies in ``lo``–``hi``, else ``None``.

    Only plain ASCII digits count: ``str.isdigit()`` also accepts "²" or "①", which
    ``int()`` refuses, and ``int()`` refuses strings over 4,300 digits. Signs, spaces
    inside, decimals and empty values give ``None``; callers ignore the parameter or
    answer 400.
    """
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > MAX_DIGITS:
        return None
    try:
        number = int(text)
    except ValueError:  # pragma: no cover - isdecimal() ASCII text always parses
        return None
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        return None
    return number
