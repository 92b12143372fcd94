"""Query parameters: only plain whole numbers in range count; anything else is ``None``."""

from __future__ import annotations

import pytest

from techbridge.core.params import int_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020", 2020),
        (" 7 ", 7),
        ("007", 7),
        (12, 12),
        ("9" * 18, 10**18 - 1),
        ("", None),
        (None, None),
        ("²", None),  # isdigit() says yes, int() says no
        ("①", None),
        ("٣", None),  # Arabic-Indic three: int() would take it; we keep to ASCII
        ("9" * 19, None),
        ("9" * 5000, None),  # int() refuses over 4,300 digits
        ("-5", None),
        ("+5", None),
        ("1.5", None),
        ("1e3", None),
        ("1 000", None),
        ("abc", None),
    ],
)
def test_int_param(value: object, expected: int | None) -> None:
    assert int_param(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("1899", None), ("1900", 1900), ("2100", 2100), ("2101", None)]
)
def test_int_param_bounds(value: str, expected: int | None) -> None:
    assert int_param(value, lo=1900, hi=2100) == expected
