"""Why a match: the evidence documents and the key terms the need shares with them.

Shared terms are weighted by IDF (rare shared terms say more) times how many evidence documents
contain them, shown in the need's own surface form and split by script into Chinese and
English/Latin terms, so a bilingual need gets both lists.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from techbridge.engine.text import Token

__all__ = ["is_chinese", "shared_terms", "split_by_language"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_chinese(term: str) -> bool:
    """True if the term holds a Han character."""
    return bool(_HAN.search(term))


def shared_terms(
    need: Sequence[Token],
    evidence_terms: Sequence[Sequence[str]],
    df: Callable[[str], int],
    n_docs: int,
    limit: int = 8,
) -> list[str]:
    """Need terms that occur in the evidence documents, best first, as surface words.

    ``evidence_terms`` are the evidence documents' index terms; ``df``/``n_docs`` give IDF.
    """
    surface: dict[str, str] = {}
    for tok in need:
        surface.setdefault(tok.term, tok.surface)
    doc_sets = [set(terms) for terms in evidence_terms]
    weighted: list[tuple[float, str]] = []
    for term, word in surface.items():
        hits = sum(term in s for s in doc_sets)
        if not hits:
            continue
        idf = math.log(1.0 + (n_docs - df(term) + 0.5) / (df(term) + 0.5))
        weighted.append((idf * (1.0 + math.log(hits)), word))
    weighted.sort(key=lambda x: (-x[0], x[1]))
    return [word for _, word in weighted[:limit]]


def split_by_language(terms: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split terms into (Chinese, English/Latin), keeping order."""
    zh = tuple(t for t in terms if is_chinese(t))
    en = tuple(t for t in terms if not is_chinese(t))
    return zh, en
