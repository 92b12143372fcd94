"""Why a match: the evidence documents and the key terms the need shares with them.

Shared terms are weighted by IDF (rare shared terms say more) times how many evidence documents
contain them, shown in the need's own surface form and split by script into Chinese and
English/Latin terms, so a bilingual need gets both lists.

A Chinese need matched to English documents (or the other way) shares no index term. Then
:func:`align_terms` pairs the need's key terms with the evidence's key terms across scripts by
embedding similarity (no glossary): a pair is kept when each is the other's nearest term, the
cosine reaches a threshold and beats the runner-up by a margin.

Only terms that name a concept are shown (:func:`is_concept`): no stop word (stopwords-iso's
Chinese and English lists and the analyser's own), no Chinese word of one character, no Latin
word of fewer than three characters (two if it mixes letters and digits, e.g. "5g"), and no
Chinese word so common in general text that it says nothing alone (技术, 提升, 方法: an IDF below
:data:`GENERAL_IDF_MIN` in jieba's general-corpus table), and no word the segmenter guessed
from characters that are each a function word (区过). Adjacent shared terms that occur
side by side in both the need and an evidence document are shown as one phrase ("激光增材制造",
"laser cladding"), which may hold a common word (not a stop word) as long as one of its words
names a concept; a phrase starts and ends with a concept ("杂质控制", not "杂质控制难以").

A term in more than :data:`COMMON_SHARE` of the collection's documents is the collection's
boilerplate (in the demo network 检测 stands in 56 % of the documents, "product" in 19 %; in
the CSL papers 结果表明 in 22 %, 模型 in 13 %) and is not shown alone, however its need words
it; a phrase is shown when one of its concept words is rarer. The rule applies from
:data:`COMMON_MIN_DOCS` documents on, below which a share says little.

:class:`NeedExplainer` puts these together for one need: the shared terms of each match's
evidence, or, when there are none, the aligned cross-script pairs between the need's rarest
words and the evidence titles' words (embedded by :class:`TermVectors`).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from techbridge.engine.text import Token, analyze, normalize, stopwords
from techbridge.engine.translate import active_glossary, dictionary

__all__ = [
    "COMMON_MIN_DOCS",
    "COMMON_SHARE",
    "GENERAL_IDF_MIN",
    "NeedExplainer",
    "TermVectors",
    "align_terms",
    "framing_terms",
    "is_chinese",
    "is_concept",
    "key_words",
    "shared_terms",
    "split_by_language",
    "title_words",
]

Matrix = npt.NDArray[np.float32]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# A Chinese word with a lower IDF in jieba's general-corpus table (in more than ~1 in 400 of
# its documents) is too common to explain a match alone: 技术 4.7, 提升 5.6, 方法 5.0, 制造
# 5.5; domain words sit above (检测 6.9, 缺陷 7.5, 激光 7.8, 钛合金 10.3).
GENERAL_IDF_MIN = 6.0
# Longest phrase shown, in index terms.
_MAX_PHRASE = 3
# A term in more than this share of the collection's documents is not shown alone (from
# COMMON_MIN_DOCS documents on): 1 in 10 keeps every domain word of the CSL papers (算法 6 %,
# 仿真 5.5 %) and drops their boilerplate (结果表明 22 %, 模型 13 %, 探讨 10.3 %).
COMMON_SHARE = 0.1
COMMON_MIN_DOCS = 100


def is_chinese(term: str) -> bool:
    """True if the term holds a Han character."""
    return bool(_HAN.search(term))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    import stopwordsiso

    lists = stopwordsiso.stopwords(["zh", "en"])
    stop = stopwords()
    return frozenset(lists) | stop.english | stop.chinese


@lru_cache(maxsize=1)
def _general_words() -> frozenset[str]:
    """The words of jieba's general-corpus IDF table (``jieba/analyse/idf.txt``) below
    :data:`GENERAL_IDF_MIN`, read once: some 1,300 of its 270,000 words (the whole table as a
    dict held some 35 MB in every serving process)."""
    import jieba

    common: set[str] = set()
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, _, idf = line.rstrip().partition(" ")
            if idf and float(idf) < GENERAL_IDF_MIN:
                common.add(word)
    return frozenset(common)


def _boilerplate_above(n_docs: int) -> float:
    """The document frequency above which a term is the boilerplate of a collection of
    ``n_docs`` documents (:data:`COMMON_SHARE`); no bound below :data:`COMMON_MIN_DOCS`."""
    return COMMON_SHARE * n_docs if n_docs >= COMMON_MIN_DOCS else math.inf


def _guessed_from_function_characters(word: str) -> bool:
    """A word jieba's dictionary does not hold, which its unknown-word model made of
    characters that are each a function word (区过 of 热影响区过大). Words it makes of other
    characters are often real (良率, 芯粒, 区块链) and stay."""
    import jieba

    from techbridge.engine.segmenter import segmenter

    segmenter()  # jieba's dictionary, loaded once
    stop = _stopwords()
    return not jieba.dt.FREQ.get(word) and all(c in stop for c in word)


@lru_cache(maxsize=65536)
def is_concept(word: str) -> bool:
    """True if ``word`` (a surface word, any case or width) may be shown as a shared term."""
    word = normalize(word)
    if not word or word in _stopwords():
        return False
    if is_chinese(word):
        if not _HAN_WORD.fullmatch(word) or len(word) < 2:
            return False
        return word not in _general_words() and not _guessed_from_function_characters(word)
    letters = sum(c.isalpha() for c in word)
    digits = sum(c.isdigit() for c in word)
    if not letters:
        return False
    return len(word) >= 3 or (len(word) == 2 and digits == 1)


def _phrases(
    need: Sequence[Token], evidence_terms: Sequence[Sequence[str]], need_text: str
) -> list[Sequence[Token]]:
    """Runs of need tokens that stand side by side in the need's text and in an evidence
    document, longest first from each start, not overlapping; a stop word ends a run."""
    adjacent = {pair for terms in evidence_terms for pair in itertools.pairwise(terms)}
    out: list[Sequence[Token]] = []
    i = 0
    while i < len(need):
        best: Sequence[Token] = ()
        j = i
        while j + 1 < len(need) and j + 1 - i < _MAX_PHRASE:
            a, b = need[j], need[j + 1]
            if (
                (a.term, b.term) not in adjacent
                or is_chinese(a.surface) != is_chinese(b.surface)
                or b.surface in _stopwords()
                or a.surface in _stopwords()
            ):
                break
            j += 1
            run = need[i : j + 1]
            sep = "" if is_chinese(a.surface) else " "
            if sep.join(t.surface for t in run) in need_text and len({t.term for t in run}) == len(
                run
            ):
                best = run
        if best:
            out.append(best)
            i += len(best)
        else:
            i += 1
    return out


@lru_cache(maxsize=1)
def _dangling_words() -> frozenset[str]:
    """The common words (:func:`_general_words`) that jieba's dictionary tags as neither noun
    nor verb (难以 d, 不断 d, 十分 d): a phrase does not end on one of them."""
    import jieba

    common = _general_words()
    dangling: set[str] = set()
    path = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.rstrip().partition(" ")
            if word in common and not rest.partition(" ")[2].startswith(("n", "v")):
                dangling.add(word)
    return frozenset(dangling)


def _trimmed(run: Sequence[Token]) -> Sequence[Token]:
    """``run`` without the words that leave it dangling: at its start any word that names no
    concept (解决 of 解决工艺, 间 of 间差异), at its end a stop word, a single character or a
    common word that is neither noun nor verb (难以 of 杂质控制难以, 长 of 检测周期长). A common
    noun or verb may end a phrase (制造 of 激光增材制造)."""
    start, end = 0, len(run)
    while start < end and not is_concept(run[start].surface):
        start += 1
    while end > start:
        word = normalize(run[end - 1].surface)
        if not (
            word in _stopwords()
            or (is_chinese(word) and len(word) < 2)
            or word in _dangling_words()
        ):
            break
        end -= 1
    return run[start:end]


def shared_terms(
    need: Sequence[Token],
    evidence_terms: Sequence[Sequence[str]],
    df: Callable[[str], int],
    n_docs: int,
    limit: int = 8,
    need_text: str = "",
    framing: frozenset[str] = frozenset(),
) -> list[str]:
    """Need terms that occur in the evidence documents, best first, as surface words.

    ``evidence_terms`` are the evidence documents' index terms in text order; ``df``/``n_docs``
    give IDF. Only concepts are kept (:func:`is_concept`); with ``need_text`` (the need as
    written), shared terms that stand side by side in it and in an evidence document are
    shown as one phrase, weighted by the sum of its words' weights, in place of its words.
    ``framing``: index terms that frame the texts of the other side (the boilerplate of
    needs: 联合攻关, 国产化), shown only inside a phrase, as the collection's own boilerplate.
    """
    doc_sets = [set(terms) for terms in evidence_terms]
    most = _boilerplate_above(n_docs)

    def telling(term: str, word: str) -> bool:
        """A concept that is not the collection's boilerplate."""
        return is_concept(word) and df(term) <= most and term not in framing

    def weight(term: str) -> float:
        hits = sum(term in s for s in doc_sets)
        if not hits:
            return 0.0
        idf = math.log(1.0 + (n_docs - df(term) + 0.5) / (df(term) + 0.5))
        return idf * (1.0 + math.log(hits))

    surface: dict[str, str] = {}
    for tok in need:
        surface.setdefault(tok.term, tok.surface)
    weighted: dict[str, float] = {}
    covered: set[str] = set()
    if need_text:
        for found in _phrases(need, evidence_terms, normalize(need_text)):
            run = _trimmed(found)
            if len(run) < 2 or not any(telling(t.term, t.surface) for t in run):
                continue
            phrase = ("" if is_chinese(run[0].surface) else " ").join(t.surface for t in run)
            terms = [t.term for t in run]
            weighted[phrase] = max(weighted.get(phrase, 0.0), sum(map(weight, terms)))
            covered.update(terms)
    for term, word in surface.items():
        if term in covered or not telling(term, word):
            continue
        w = weight(term)
        if w > 0:
            weighted[word] = max(weighted.get(word, 0.0), w)
    # A part of a hyphenated compound that is shown whole ("ti" of "ti-6al-4v") goes.
    parts = {p for w in weighted if "-" in w for p in w.split("-")}
    ranked = sorted(weighted.items(), key=lambda x: (-x[1], x[0]))
    return [word for word, _ in ranked if word not in parts][:limit]


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


def dictionary_pairs(
    need_words: Sequence[str], evidence_words: Sequence[str], limit: int = 8
) -> list[tuple[str, str]]:
    """Pairs ``(need word, evidence word)`` in different scripts that the dictionary of
    :mod:`techbridge.engine.translate` gives as translations of each other (块茎 / tubers), in
    the need's order."""
    terms = {w: [t.term for t in analyze(w)] for w in [*need_words, *evidence_words]}
    found = dictionary().translations(t for w in need_words for t in terms[w])
    pairs: list[tuple[str, str]] = []
    for need_word in dict.fromkeys(need_words):
        targets = {target for t in terms[need_word] for target, _ in found.get(t, ())}
        for word in dict.fromkeys(evidence_words):
            if (
                is_chinese(word) != is_chinese(need_word)
                and " " not in word
                and targets & set(terms[word])
            ):
                pairs.append((need_word, word))
                break
    return pairs[:limit]


def key_words(
    tokens: Sequence[Token],
    frequency: Callable[[str], int],
    limit: int,
    *,
    n_docs: int = 0,
    framing: frozenset[str] = frozenset(),
) -> list[str]:
    """The need's surface words that name a concept, rarest in the collection first (at most
    ``limit``); ``frequency``: a term's document frequency. With ``n_docs`` (the collection's
    size) and ``framing`` the boilerplate :func:`shared_terms` leaves out is left out too."""
    df = {t.term: frequency(t.term) for t in tokens}
    most = _boilerplate_above(n_docs)
    words: dict[str, int] = {}
    for tok in tokens:
        if is_concept(tok.surface) and df[tok.term] <= most and tok.term not in framing:
            words.setdefault(tok.surface, df[tok.term])
    ranked = sorted(words, key=lambda w: words[w])
    return ranked[:limit]


def title_words(titles: Sequence[str]) -> list[str]:
    """The titles' words that name a concept, and their adjacent Latin word pairs with at least
    one such word ("titanium alloy"), as candidates for :func:`align_terms`."""
    words: list[str] = []
    for title in titles:
        toks = analyze(title)
        written = normalize(title)
        words.extend(t.surface for t in toks if is_concept(t.surface))
        words.extend(
            f"{a.surface} {b.surface}"
            for a, b in itertools.pairwise(toks)
            if not is_chinese(a.surface)
            and not is_chinese(b.surface)
            and (is_concept(a.surface) or is_concept(b.surface))
            and f"{a.surface} {b.surface}" in written
        )
    return words


def framing_terms(
    tokens: Sequence[Token], frequency: Callable[[str], int], n_texts: int
) -> frozenset[str]:
    """The need's index terms that stand in more than :data:`COMMON_SHARE` of ``n_texts``
    texts of another collection (``frequency``: a term's document frequency there), from
    :data:`COMMON_MIN_DOCS` texts on: how that side's texts are written rather than what they
    are about (联合攻关, 国产化 in the needs)."""
    most = _boilerplate_above(n_texts)
    return frozenset(t.term for t in tokens if frequency(t.term) > most)


class TermVectors:
    """Term embeddings by ``encode`` (e5's ``query:`` side, as for short texts), cached: the
    words that explain matches recur from need to need."""

    def __init__(self, encode: Callable[[list[str]], Matrix], capacity: int = 50_000) -> None:
        self.encode = encode
        self.capacity = capacity
        self._vectors: dict[str, Matrix] = {}

    def __call__(self, words: Sequence[str]) -> Matrix:
        todo = [w for w in dict.fromkeys(words) if w not in self._vectors]
        if todo:
            if len(self._vectors) > self.capacity:
                self._vectors.clear()
            fresh = self.encode(todo)
            self._vectors.update(zip(todo, fresh, strict=True))
        return np.stack([self._vectors[w] for w in words])


class NeedExplainer:
    """The key terms of one need's matches, in Chinese and English, and the cross-script pairs
    shown when a match's evidence shares no term with the need.

    ``document_frequency`` and ``n_docs`` give the collection's IDF; ``limit`` is the most terms
    (and pairs) a match shows; ``align_threshold <= 0`` turns pairing off; ``framing``: see
    :func:`shared_terms` (:func:`framing_terms` finds them).
    """

    def __init__(
        self,
        need: str,
        tokens: Sequence[Token],
        *,
        document_frequency: Callable[[str], int],
        n_docs: int,
        term_vectors: Callable[[Sequence[str]], Matrix],
        limit: int,
        align_threshold: float,
        align_margin: float,
        framing: frozenset[str] = frozenset(),
    ) -> None:
        self.need = need
        self.framing = framing
        self.tokens = tokens
        self.n_docs = n_docs
        self.term_vectors = term_vectors
        self.limit = limit
        self.align_threshold = align_threshold
        self.align_margin = align_margin
        # Each need term's document frequency, looked up once for all the need's matches.
        self.df = functools.lru_cache(maxsize=None)(document_frequency)
        self.need_words = key_words(tokens, self.df, limit, n_docs=n_docs, framing=framing)

    def explain(
        self, evidence_terms: Sequence[Sequence[str]], titles: Sequence[str]
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
        """(Chinese terms, English terms, aligned pairs) for a match whose evidence documents
        have index terms ``evidence_terms`` and titles ``titles``."""
        terms = shared_terms(
            self.tokens,
            evidence_terms,
            self.df,
            self.n_docs,
            limit=self.limit,
            need_text=self.need,
            framing=self.framing,
        )
        zh, en = split_by_language(terms)
        if terms or self.align_threshold <= 0:
            return zh, en, ()
        pairs = self.aligned(titles)
        zh = tuple(dict.fromkeys(a if is_chinese(a) else b for a, b in pairs))
        en = tuple(dict.fromkeys(b if is_chinese(a) else a for a, b in pairs))
        return zh, en, tuple(pairs)

    def aligned(self, titles: Sequence[str]) -> list[tuple[str, str]]:
        """Cross-script pairs between the need's key words and the words of ``titles``: the
        dictionary's translations, then pairs by embedding alignment."""
        words = title_words(titles)
        # The glossary's pairs first (staff wrote them), then the dictionary's; embedding
        # alignment adds pairs of other words.
        glossed = active_glossary().pairs_in(
            [t.term for t in self.tokens], (t.term for title in titles for t in analyze(title))
        )[: self.limit]
        if not words or not self.need_words:
            return glossed
        pairs = dictionary_pairs(self.need_words, words, self.limit)
        taken = {w for pair in pairs for w in pair}
        pairs += [
            (a, b)
            for a, b in align_terms(
                self.need_words,
                words,
                self.term_vectors,
                self.align_threshold,
                self.align_margin,
                limit=self.limit,
            )
            if a not in taken and b not in taken
        ]
        order = {w: i for i, w in enumerate(self.need_words)}
        pairs.sort(key=lambda p: order.get(p[0], len(order)))
        # A word within a glossary pair's phrase (功率 of 碳化硅功率器件) is named by the pair.
        in_glossary = [w.lower() for pair in glossed for w in pair]
        pairs = [p for p in pairs if not any(w.lower() in g for w in p for g in in_glossary)]
        return [*glossed, *pairs][: self.limit]
