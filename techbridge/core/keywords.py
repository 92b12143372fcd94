"""Keywords typed as one text field ("碳化硅；功率器件, SiC") read as a clean tuple.

One parser for every model with a ``keywords`` field, for forms, imports and the matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Western and full-width commas and semicolons, the enumeration comma, and line breaks.
_SEPARATORS = re.compile(r"[,，;；、\r\n]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def split_keywords(text: str | None) -> tuple[str, ...]:
    """The keywords in ``text``, stripped, without empties or repeats (case-insensitive).

    The first spelling of a repeated keyword is kept, and the order is the order typed.
    """
    seen: set[str] = set()
    keywords: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        keyword = " ".join(part.split())
        if keyword and keyword.casefold() not in seen:
            seen.add(keyword.casefold())
            keywords.append(keyword)
    return tuple(keywords)


def join_keywords(items: Iterable[str]) -> str:
    """``items`` as one text: "，"-joined when any keyword is Chinese, else ", "-joined."""
    keywords = split_keywords("\n".join(items))
    separator = "，" if any(_HAN.search(k) for k in keywords) else ", "
    return separator.join(keywords)
