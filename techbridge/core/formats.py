"""How figures are written in each language: amounts of money and whole numbers. Used by the
template filters and by the list tables alike."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation


def cny_short(value: int | Decimal | None) -> str:
    """CNY amount the way each language reads it: '6.30 亿元' or '630.0 million CNY'."""
    amount = Decimal(value or 0)
    if translation.get_language() == "en":
        if amount >= Decimal(10) ** 9:
            return f"{amount / Decimal(10) ** 9:.2f} billion CNY"
        return f"{amount / Decimal(10) ** 6:.1f} million CNY"
    if amount >= Decimal(10) ** 8:
        return f"{amount / Decimal(10) ** 8:.2f} 亿元"
    return f"{amount / Decimal(10) ** 4:.1f} 万元"


def grouped(value: int | float | Decimal | None) -> str:
    """A whole number with thousands separators in every language: 100,000,000."""
    return f"{int(value or 0):,}"
