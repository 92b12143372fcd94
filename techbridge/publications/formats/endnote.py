"""EndNote tagged text and NoteExpress text, as CNKI, Wanfang and VIP export them: one reader,
``endnote``, with two dialects told apart line by line.

* EndNote "refer" (``.enw``, ``.txt``): ``%0 Journal Article``, ``%A 张三``, ``%T ...``; a
  record starts at ``%0`` and ends at a blank line or the next ``%0``.
* NoteExpress (``.net``, ``.txt``): ``{Reference Type}: Journal Article``,
  ``{Title}: ...``, ``{Author}: 张三;李四;``; a record starts at ``{Reference Type}``.

No maintained Python library reads either format (both are "a tag, then the value, one field a
line"), so the lines are split here. Lines without a tag continue the previous field (long
abstracts). A record without its type line is ``endnote_syntax``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

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

__all__ = ["read_endnote"]

_REFER = re.compile(r"^%(\S)\s?(.*)$")
_NOTEEXPRESS = re.compile(r"^\{([^}]+)\}:\s?(.*)$")
_NAME_SPLIT = re.compile(r"[;；]")
_CJK_NAME_SPLIT = re.compile(r"[;；,，、]")
_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")

# The fields read, in the canonical names of this module, from each dialect's tags.
_REFER_FIELDS = {
    "0": "type",
    "A": "author",
    "+": "address",
    "T": "title",
    "J": "journal",
    "B": "secondary",
    "D": "year",
    "8": "date",
    "K": "keywords",
    "X": "abstract",
    "R": "doi",
    "U": "url",
    "I": "publisher",
    "@": "number",
    "M": "accession",
    "L": "call_number",
    "C": "place",
}
_NOTEEXPRESS_FIELDS = {
    "reference type": "type",
    "author": "author",
    "inventor": "author",
    "author address": "address",
    "title": "title",
    "journal": "journal",
    "secondary title": "secondary",
    "year": "year",
    "date": "date",
    "publication date": "date",
    "keywords": "keywords",
    "abstract": "abstract",
    "doi": "doi",
    "url": "url",
    "publisher": "publisher",
    "assignee": "publisher",
    "applicant": "publisher",
    "patent number": "number",
    "publication number": "number",
    "isbn/issn": "issn",
    "place published": "place",
    "country": "place",
}


def _names(values: list[str]) -> list[str]:
    """Authors in order: one per line, or several in one line separated by ``;`` (CNKI), and
    Chinese names by ``,`` or ``、`` too ("张三,李四"; "Fischer, Laura" stays one name)."""
    names: list[str] = []
    for value in values:
        for part in _NAME_SPLIT.split(value):
            if _CJK.search(part):
                names.extend(n.strip() for n in _CJK_NAME_SPLIT.split(part))
            else:
                names.append(part.strip())
    return [n for n in names if n]


def _record(fields: dict[str, list[str]], position: int) -> ParsedRecord | RecordError:
    def get(name: str) -> str:
        return " ".join(" ".join(fields.get(name, [])).split())

    kind_text = get("type").lower()
    kind = "patent" if "patent" in kind_text or "专利" in kind_text else "paper"
    year_text = get("year") or get("date")
    addresses = [a for a in (x.strip() for x in _NAME_SPLIT.split(get("address"))) if a]
    authors = [ParsedAuthor(name=name) for name in _names(fields.get("author", []))]
    if len(addresses) == len(authors):
        for author, address in zip(authors, addresses, strict=True):
            author.affiliation = address
    elif len(addresses) == 1:
        for author in authors:
            author.affiliation = addresses[0]
    record = ParsedRecord(
        kind=kind,
        title=get("title"),
        source_format="endnote",
        position=position,
        source_id=get("accession"),
        abstract=get("abstract"),
        year=parse_year(year_text),
        published=parse_date(get("date")),
        authors=authors,
        venue=get("journal") or get("secondary"),
        keywords=split_keywords(fields.get("keywords", [])),
        doi=normalise_doi(get("doi")),
        url=get("url"),
    )
    if kind == "patent":
        record.patent_number = normalise_patent_number(get("number"))
        record.applicants = [
            a for a in (x.strip() for x in _NAME_SPLIT.split(get("publisher"))) if a
        ]
        record.venue = get("place") or record.venue
    return finish(record, year_text=year_text)


def read_endnote(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The records of an EndNote or NoteExpress text file, in file order."""
    position = 0
    fields: dict[str, list[str]] = {}
    last = ""
    start = 0

    def flush() -> ParsedRecord | RecordError | None:
        nonlocal position
        if not fields:
            return None
        position += 1
        if "type" not in fields:
            return RecordError(
                position, "endnote_syntax", "", f"line {start}: no %0 or {{Reference Type}} line"
            )
        return _record(fields, position)

    for number, line in enumerate(iter_lines(open_text(stream)), start=1):
        if not line.strip():
            done = flush()
            if done is not None:
                yield done
            fields, last = {}, ""
            continue
        refer = _REFER.match(line)
        noteexpress = None if refer else _NOTEEXPRESS.match(line)
        if refer:
            name, value = _REFER_FIELDS.get(refer.group(1), ""), refer.group(2)
        elif noteexpress:
            name = _NOTEEXPRESS_FIELDS.get(noteexpress.group(1).strip().lower(), "")
            value = noteexpress.group(2)
        else:
            if last and fields.get(last):
                previous = fields[last][-1]
                # a Chinese text wraps without a space; other text wraps at one
                glue = "" if _CJK.search(previous[-1:]) or not previous else " "
                fields[last][-1] = previous + glue + line.strip()
            continue
        if name == "type" and fields:
            done = flush()
            if done is not None:
                yield done
            fields = {}
        if not fields:
            start = number
        last = name
        if name:
            fields.setdefault(name, []).append(value.strip())
        elif not fields:
            fields["_"] = []  # an unread tag still opens the record
    done = flush()
    if done is not None:
        yield done
