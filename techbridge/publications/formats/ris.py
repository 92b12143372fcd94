"""RIS (``.ris``: Web of Science, Scopus, CNKI, Wanfang, EndNote exports) through rispy, one
record at a time.

Lines are gathered from ``TY  -`` to ``ER  -`` and each record's lines are handed to rispy's
parser, so a file of any size streams. A record that never reaches ``ER  -`` (the file ends, or
the next ``TY  -`` comes first) is reported as ``ris_no_end``; lines outside records that look
like data are ``ris_syntax``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import rispy
from rispy.config import LIST_TYPE_TAGS

from .records import ParsedAuthor, ParsedRecord, RecordError
from .text import (
    finish,
    iter_lines,
    normalise_doi,
    normalise_patent_number,
    open_text,
    parse_date,
    parse_year,
    split_keywords,
)

__all__ = ["read_ris"]

_PATENT_TYPES = {"PAT"}
# AD (author address) repeats, one line per author, in Web of Science and CNKI exports
_parser = rispy.RisParser(skip_unknown_tags=False, list_tags=[*LIST_TYPE_TAGS, "AD"])


def _tag(line: str) -> str:
    """The line's tag ("TY", "ER", ...) or "" for a continuation line."""
    if len(line) >= 5 and line[2:5] == "  -" and line[0].isalpha() and line[:2].isupper():
        return line[:2]
    return ""


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _first(entry: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = _text(entry.get(key))
        if value:
            return value
    return ""


def _authors(entry: dict[str, Any]) -> list[ParsedAuthor]:
    names: list[str] = []
    for key in ("authors", "first_authors"):
        for value in entry.get(key) or []:
            # CNKI writes all authors in one AU line, separated by ";"
            names.extend(n.strip() for n in str(value).replace("；", ";").split(";"))
    addresses = [
        a.strip()
        for line in entry.get("author_address") or []
        for a in str(line).replace("；", ";").split(";")
        if a.strip()
    ]
    authors = [ParsedAuthor(name=name) for name in names if name]
    if len(addresses) == len(authors):
        for author, address in zip(authors, addresses, strict=True):
            author.affiliation = address
    elif len(addresses) == 1:
        for author in authors:
            author.affiliation = addresses[0]
    return authors


def _record(entry: dict[str, Any], position: int) -> ParsedRecord | RecordError:
    kind = "patent" if _text(entry.get("type_of_reference")).upper() in _PATENT_TYPES else "paper"
    year_text = _first(entry, "year", "publication_year", "date")
    urls = entry.get("urls") or []
    record = ParsedRecord(
        kind=kind,
        title=_first(entry, "title", "primary_title", "translated_title"),
        source_format="ris",
        position=position,
        source_id=_first(entry, "id", "accession_number"),
        abstract=_first(entry, "abstract", "notes_abstract"),
        year=parse_year(year_text),
        published=parse_date(_first(entry, "date", "year", "publication_year")),
        authors=_authors(entry),
        venue=_first(entry, "journal_name", "secondary_title", "alternate_title3", "publisher"),
        keywords=split_keywords(entry.get("keywords") or []),
        doi=normalise_doi(_first(entry, "doi")),
        url=str(urls[0]) if urls else "",
    )
    if kind == "patent":
        # RIS patents: number in IS (or SN), assignee in PB; EndNote writes the number in M1
        record.patent_number = normalise_patent_number(_first(entry, "number", "issn", "note"))
        record.applicants = [
            p for p in (x.strip() for x in _first(entry, "publisher").split(";")) if p
        ]
        record.venue = _first(entry, "place_published") or record.venue
    return finish(record, year_text=year_text)


def _parse(lines: list[str], position: int) -> ParsedRecord | RecordError:
    entries = _parser.parse_lines(iter([*lines, "ER  - "]))
    return _record(entries[0], position)


def _title_of(lines: list[str]) -> str:
    for line in lines:
        if line[:2] in ("TI", "T1"):
            return line[6:].strip()[:80]
    return ""


def read_ris(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The records of a RIS file, in file order."""
    position = 0
    record: list[str] | None = None
    start = 0
    stray = False  # inside lines with tags that belong to no record (reported once)
    for number, line in enumerate(iter_lines(open_text(stream)), start=1):
        tag = _tag(line)
        if tag == "TY":
            if record is not None:
                position += 1
                detail = f"line {start}: no ER before the next TY ({_title_of(record)})"
                yield RecordError(position, "ris_no_end", "", detail)
            record, start, stray = [line], number, False
        elif tag == "ER":
            if record is None:
                continue  # a stray end tag carries no data
            position += 1
            yield _parse(record, position)
            record = None
        elif record is not None:
            record.append(line)
        elif tag and not stray:
            position += 1
            yield RecordError(position, "ris_syntax", "", f"line {number}: {tag} before TY")
            stray = True
    if record is not None:
        position += 1
        detail = f"line {start}: the file ends before ER ({_title_of(record)})"
        yield RecordError(position, "ris_no_end", "", detail)
