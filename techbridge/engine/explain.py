"""Why a match: the evidence documents and the key terms the need shares with them.

Shared terms are weighted by IDF (rare shared terms say more) times how many evidence documents
contain them, shown in the need's own surface form and split by script into Chinese and
English/Latin terms, so a bilingual need gets both lists.

A Chinese need matched to English documents (or the other way) shares no index term. Then
:func:`align_terms` pairs the need's key terms with the evidence's key terms across scripts by
embedding similarity (no glossary): a pair is kept when each is the other's nearest term, the
cosine reaches a threshold and beats the runner-up by a margin.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from techbridge.engine.text import Token

__all__ = ["align_terms", "is_chinese", "shared_terms", "split_by_language"]

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


def _overlap(a: str, b: str) -> bool:
    """Two terms share a word (Latin) or one contains the other (Chinese)."""
    if is_chinese(a) or is_chinese(b):
        return a in b or b in a
    return bool(set(a.split()) & set(b.split()))


def align_terms(
    need_words: Sequence[str],
    evidence_words: Sequence[str],
    embed: Callable[[Sequence[str]], npt.NDArray[np.float32]],
    threshold: float,
    margin: float,
    limit: int = 8,
) -> list[tuple[str, str]]:
    """Pairs ``(need word, evidence word)`` in different scripts that mean the same thing.

    ``embed`` maps words to unit vectors. A pair is kept when the two are mutual nearest
    neighbours among the other script's words, their cosine is at least ``threshold`` and it
    beats by ``margin`` the need word's best cosine with a word that does not overlap the chosen
    one ("titanium" and "titanium alloy" overlap and do not compete). Pairs come in the need's
    order.
    """
    pairs: list[tuple[str, str]] = []
    for need_is_zh in (True, False):
        left = list(dict.fromkeys(w for w in need_words if is_chinese(w) == need_is_zh))
        right = list(dict.fromkeys(w for w in evidence_words if is_chinese(w) != need_is_zh))
        if not left or not right:
            continue
        vecs = embed(left + right)
        sim = vecs[: len(left)] @ vecs[len(left) :].T
        best_right = sim.argmax(axis=1)
        best_left = sim.argmax(axis=0)
        for i, j in enumerate(best_right.tolist()):
            rivals = [c for c in range(len(right)) if not _overlap(right[c], right[j])]
            runner_up = float(sim[i, rivals].max()) if rivals else -1.0
            best = float(sim[i, j])
            if best_left[j] == i and best >= threshold and best - runner_up >= margin:
                pairs.append((left[i], right[j]))
    order = {w: i for i, w in enumerate(need_words)}
    pairs.sort(key=lambda p: order.get(p[0], len(order)))
    return pairs[:limit]
