"""Keys of names and titles: what two spellings of one person or one work have in common.

A person's name key is ``surname|given`` in plain lower-case Latin letters; a Chinese name is
written in pinyin (``pypinyin``), a Western one split by ``nameparser``. The initials key keeps
only the given name's first letter (``zhang|w``), as bibliographies abbreviate. Characters are
compared in their simplified forms (OpenCC), so a name written in traditional characters is the
same name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from nameparser import HumanName

_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_LETTERS = re.compile(r"[^a-z]+")

#: Two-character Chinese surnames; every other Chinese name has a one-character surname.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "司空",
        "夏侯",
        "令狐",
        "端木",
        "轩辕",
    ]
)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def fold(text: str) -> str:
    """Lower-case, accents dropped, full-width forms made half-width."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """The title with case, accents, punctuation and spaces removed (at most 200 characters)."""
    return _NOT_WORD.sub("", fold(title))[:200]


def _latin(text: str) -> str:
    return _LETTERS.sub("", fold(text))


@lru_cache(maxsize=1)
def _simplified() -> Any:
    """OpenCC's converter from traditional to simplified characters (loaded at first use)."""
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def hanzi_key(name: str) -> str:
    """A Chinese name in simplified characters without spaces or separators: "张 伟", "张伟"
    and "張偉" are one name."""
    chars = "".join(_CJK.findall(name))
    return _simplified().convert(chars) if chars else ""


@lru_cache(maxsize=65536)
def chinese_name_parts(name: str) -> tuple[str, str]:
    """(surname, given name) of a Chinese name in pinyin without tones."""
    chars = hanzi_key(name)
    if not chars:
        return "", ""
    cut = 2 if chars[:2] in COMPOUND_SURNAMES and len(chars) > 2 else 1
    # Imported at a first Chinese name: pypinyin's dictionaries take some 55 MB, which a
    # process that links no author (a web worker showing imports) does not need.
    from pypinyin import Style, lazy_pinyin

    surname = "".join(lazy_pinyin(chars[:cut], style=Style.NORMAL))
    given = "".join(lazy_pinyin(chars[cut:], style=Style.NORMAL))
    return _latin(surname), _latin(given)


#: Words that make a name more than "given names + surname": titles, suffixes, particles.
#: Names with one of them go to ``nameparser``; the rest (most of a bibliography) are split
#: directly, which is some forty times faster.
_NOT_PLAIN = frozenset(
    [
        "dr",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "sir",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "phd",
        "md",
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "du",
        "del",
        "della",
        "dos",
        "das",
        "la",
        "le",
        "bin",
        "al",
        "st",
    ]
)


def _plain_parts(name: str) -> tuple[str, str] | None:
    """(surname, given) of "Surname, Given" or "Given [Middle] Surname", or None."""
    words = name.replace(".", ". ").replace(",", " , ").split()
    if any(w.strip(".").lower() in _NOT_PLAIN for w in words):
        return None
    if "," in words:
        cut = words.index(",")
        if "," in words[cut + 1 :]:
            return None
        return " ".join(words[:cut]), " ".join(words[cut + 1 :])
    if 2 <= len(words) <= 3:
        return words[-1], " ".join(words[:-1])
    return None


@lru_cache(maxsize=65536)
def western_name_parts(name: str) -> tuple[str, str]:
    """(surname, given names) of a name written in Latin letters ("Zhang, Wei", "Wei Zhang",
    "W. Zhang", "Zhang W"). A lone comma-less pair is taken as given-name-first."""
    plain = _plain_parts(name)
    if plain is not None:
        surname, given = _latin(plain[0]), _latin(plain[1])
    else:
        parsed = HumanName(name)
        surname = _latin(parsed.last)
        given = _latin(f"{parsed.first}{parsed.middle}")
    if not surname and given:
        surname, given = given, ""
    return surname, given


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """(full keys, initials keys) under which an author's name as written may be an expert.

    Both orders are tried for names in Latin letters, since Chinese authors write their names
    surname first as often as given name first."""
    full: set[str] = set()
    initials: set[str] = set()
    if has_cjk(name):
        surname, given = chinese_name_parts(name)
        if surname and given:
            full.add(f"{surname}|{given}")
            initials.add(f"{surname}|{given[0]}")
        return frozenset(full), frozenset(initials)
    surname, given = western_name_parts(name)
    for first, second in ((surname, given), (given, surname)):
        if len(first) < 2 or not second:
            continue  # a surname is never a lone initial ("Yang, M." is not surname "m")
        if len(second) > 1:
            full.add(f"{first}|{second}")
        initials.add(f"{first}|{second[0]}")
    return frozenset(full), frozenset(initials)


def first_author_key(names: list[str]) -> str:
    """The first author's initials keys ("zhang|w wei|z"), part of the title match: two
    records name the same first author when their keys share one (``same_first_author``)."""
    if not names:
        return ""
    return " ".join(sorted(name_keys(names[0])[1]))[:100]


def same_first_author(key_a: str, key_b: str) -> bool:
    """Whether two first-author keys may be one person (an unknown author matches anyone)."""
    if not key_a or not key_b:
        return True
    return bool(set(key_a.split()) & set(key_b.split()))
