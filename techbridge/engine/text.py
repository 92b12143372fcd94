"""Text normalisation and tokenisation for Chinese, English and mixed technical text.

One analyser serves the lexical index, the explanations and the benchmarks, so a term means the
same thing everywhere:

- :func:`normalize` folds full-width to half-width (Unicode NFKC), traditional to simplified
  Chinese (OpenCC ``t2s``) and case.
- :func:`analyze` splits the text into runs of Han characters, which jieba segments, and runs of
  Latin letters/digits, which are lower-cased, stop-word filtered and Snowball-stemmed.
  Each token keeps its surface form so explanations can show a readable word.
"""

from __future__ import annotations

import importlib.util
import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import Stemmer
from opencc import OpenCC

from .segmenter import segmenter

__all__ = [
    "Token",
    "analyze",
    "detect_language",
    "normalize",
    "tokenize",
]


_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of Han characters, or a Latin/digit word that may hold inner hyphens, dots or pluses
# (e.g. "Ti-6Al-4V", "C++", "5G", "3.5").
_RUN = re.compile(rf"[{_HAN}]+|[a-z0-9]+(?:[-+.][a-z0-9]+)*\+*")
_HAN_RE = re.compile(rf"[{_HAN}]")
_LATIN_RE = re.compile(r"[A-Za-z]")

# Extra English words that carry no topic in technical prose (needs, abstracts).
_EN_EXTRA_STOP = {
    "also",
    "based",
    "can",
    "may",
    "new",
    "paper",
    "propose",
    "proposed",
    "results",
    "show",
    "study",
    "use",
    "used",
    "using",
    "via",
    "we",
    "well",
    "which",
}
# Function words and boiler-plate of Chinese technical prose (needs, abstracts).
_ZH_EXTRA_STOP = {
    "一种",
    "本文",
    "基于",
    "采用",
    "进行",
    "通过",
    "提出",
    "研究",
    "结果",
    "表明",
    "利用",
    "以及",
    "及其",
    "具有",
    "对于",
    "可以",
    "我们",
    "需要",
}


class StopWords(NamedTuple):
    english: frozenset[str]
    chinese: frozenset[str]


# jieba (its dictionary from the model cache, `segmenter`) and bm25s's stop-word lists are
# loaded when a text is first analysed, so that a process that never analyses one (a command,
# a job that sends e-mail) starts without them.


def _bm25s_stopwords() -> ModuleType:
    """bm25s's public ``bm25s.stopwords`` module (plain lists of words), executed on its own:
    importing it through its package would run the package's ``__init__``, which loads numba
    and SciPy (some 80 MB and 0.37 s) that a process serving from the shared index never
    uses."""
    package = importlib.util.find_spec("bm25s")  # finds the package without running it
    assert package is not None and package.submodule_search_locations
    path = Path(package.submodule_search_locations[0]) / "stopwords.py"
    spec = importlib.util.spec_from_file_location("bm25s.stopwords", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def stopwords() -> StopWords:
    """Words that carry no topic: bm25s's English and Chinese lists and the boiler-plate of
    technical prose above."""
    lists = _bm25s_stopwords()
    return StopWords(
        frozenset(lists.STOPWORDS_EN_PLUS) | _EN_EXTRA_STOP,
        frozenset(lists.STOPWORDS_CHINESE) | _ZH_EXTRA_STOP,
    )


class Token(NamedTuple):
    """One index term and the surface word it came from."""

    term: str
    surface: str


_converter_lock = threading.Lock()


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def normalize(text: str) -> str:
    """Fold width (NFKC), traditional→simplified Chinese and case; collapse white space."""
    text = unicodedata.normalize("NFKC", text)
    if _HAN_RE.search(text):
        with _converter_lock:
            text = _t2s().convert(text)
    return " ".join(text.lower().split())


def han_share(text: str) -> float:
    """How Chinese ``text`` is, 0 (English, or no letters) to 1: its Han characters' share,
    a Han character counting as much as four Latin letters (about a 3-4 letter word)."""
    han = len(_HAN_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if han == 0:
        return 0.0
    return han / (han + latin / 4.0)


def detect_language(text: str) -> str:
    """Return ``"zh"``, ``"en"`` or ``"mixed"`` from the share of Han characters."""
    share = han_share(text)
    if share >= 0.8:
        return "zh"
    if share <= 0.2:
        return "en"
    return "mixed"


def _is_useful_latin(word: str, stop: frozenset[str]) -> bool:
    if word in stop:
        return False
    if word.isdigit():
        # Bare numbers are noise, except short model/standard numbers are kept as part of
        # hyphenated words ("5g", "ti-6al-4v") by the regex above.
        return False
    return len(word) > 1


def analyze(text: str) -> list[Token]:
    """Split normalised ``text`` into index terms with their surface words.

    >>> [t.term for t in analyze("Deep learning for 無線網絡")]
    ['deep', 'learn', '无线网络']
    """
    text = normalize(text)
    stem = _stemmer().stemWord
    segment = segmenter()
    stop = stopwords()
    out: list[Token] = []
    for match in _RUN.finditer(text):
        run = match.group(0)
        if _HAN_RE.match(run):
            for word in segment(run, HMM=True):
                if word not in stop.chinese:
                    out.append(Token(word, word))
        else:
            for part in _split_latin(run):
                if _is_useful_latin(part, stop.english):
                    out.append(Token(stem(part), part))
    return out


def _split_latin(run: str) -> Iterable[str]:
    # Keep a compound like "ti-6al-4v" whole and add its parts, so both exact and partial
    # mentions match.
    if "-" in run and not run.endswith("+"):
        parts = [p for p in run.split("-") if p]
        yield from parts
        if len(parts) > 1 and any(ch.isdigit() for ch in run):
            yield run
    else:
        yield run


def tokenize(text: str) -> list[str]:
    """Index terms of ``text`` (see :func:`analyze`)."""
    return [t.term for t in analyze(text)]
