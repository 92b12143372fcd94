"""BibTeX and BibLaTeX (``.bib``) through bibtexparser 2, a batch of entries at a time.

The file is cut into entries at lines that start with ``@`` and parsed a few hundred entries at
a time, so a large file is never held whole; ``@string`` definitions stay known to the later
batches. A broken entry becomes a ``bibtex_syntax`` error and the entries after it are read.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from typing import IO

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import ResolveStringReferencesMiddleware
from bibtexparser.model import Block, Entry, ParsingFailedBlock, String
from pylatexenc.latex2text import LatexNodes2Text

from .records import ParsedAuthor, ParsedRecord, RecordError
from .text import (
    finish,
    iter_lines,
    normalise_doi,
    normalise_orcid,
    normalise_patent_number,
    open_text,
    parse_date,
    parse_year,
    split_keywords,
)

__all__ = ["read_bibtex"]

BATCH = 200
_ENTRY_START = re.compile(r"^\s*@")
_ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_BRACES = re.compile(r"[{}]")
_PAPER_TYPES_PATENT = {"patent"}
# @string references resolved; enclosing braces and quotes are dropped by _plain, which
# removes inner braces anyway (bibtexparser's RemoveEnclosingMiddleware would walk every field
# a second time)
_PARSE_STACK = [ResolveStringReferencesMiddleware(allow_inplace_modification=True)]
_latex = LatexNodes2Text(math_mode="verbatim", keep_comments=False)

# bibtexparser logs every broken block; the reader reports it as a record error instead.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)


def _plain(value: object) -> str:
    """A field's text without its enclosing quotes or braces and without LaTeX markup (braces
    that protect case, accents as commands)."""
    text = str(value or "")
    if len(text) > 1 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1]
    if "\\" in text:
        # pylatexenc is lenient; should it fail, the raw text is kept
        with contextlib.suppress(Exception):
            text = _latex.latex_to_text(text)
    if "{" in text or "}" in text:
        text = _BRACES.sub("", text)
    return " ".join(text.split())


def _authors(fields: dict[str, str]) -> list[ParsedAuthor]:
    """Authors in order, as written; an ``orcid-numbers`` field (Web of Science: "Zhang,
    San/0000-0002-1825-0097; ...") gives their iDs."""
    value = fields.get("author") or fields.get("editor") or ""
    names = [n for n in (_plain(p) for p in _AND.split(value)) if n]
    authors = [ParsedAuthor(name=name) for name in names]
    orcids = fields.get("orcid-numbers")
    if orcids:
        by_name = {a.name.lower(): a for a in authors}
        for part in _plain(orcids).split(";"):
            name, _, ident = part.rpartition("/")
            author = by_name.get(name.strip().lower())
            if author is not None:
                author.orcid = normalise_orcid(ident)
    return authors


def _record(entry: Entry, position: int) -> ParsedRecord | RecordError:
    fields = {f.key.lower(): str(f.value) for f in entry.fields}

    def get(*names: str) -> str:
        for name in names:
            if fields.get(name):
                return _plain(fields[name])
        return ""

    kind = "patent" if entry.entry_type.lower() in _PAPER_TYPES_PATENT else "paper"
    year_text = get("year", "date")
    record = ParsedRecord(
        kind=kind,
        title=get("title"),
        source_format="bibtex",
        position=position,
        source_id=entry.key,
        abstract=get("abstract"),
        year=parse_year(year_text),
        published=parse_date(get("date")),
        authors=_authors(fields),
        venue=get("journal", "journaltitle", "booktitle", "publisher", "school", "holder"),
        keywords=split_keywords(get("keywords", "keyword")),
        doi=normalise_doi(get("doi")),
        url=get("url"),
    )
    if kind == "patent":
        record.patent_number = normalise_patent_number(get("number"))
        record.applicants = [n for n in _AND.split(get("holder", "assignee")) if n]
    return finish(record, year_text=year_text)


def _failed(block: ParsingFailedBlock, position: int, line_offset: int) -> RecordError:
    raw = block.raw or ""
    found = _ENTRY_KEY.search(raw)
    line = (block.start_line or 0) + line_offset + 1
    reason = (
        getattr(block.error, "abort_reason", "") or str(block.error) or type(block.error).__name__
    )
    detail = f"line {line}: {reason}"
    return RecordError(position, "bibtex_syntax", found.group(1) if found else "", detail)


def _batches(text: IO[str]) -> Iterator[tuple[str, int]]:
    """(BibTeX text of up to BATCH entries, line number where it starts - 1)."""
    lines: list[str] = []
    entries, first_line = 0, 0
    for number, line in enumerate(iter_lines(text)):  # type: ignore[arg-type]
        if _ENTRY_START.match(line):
            if entries == BATCH:
                yield "\n".join(lines), first_line
                lines, entries, first_line = [], 0, number
            entries += 1
        lines.append(line)
    if lines:
        yield "\n".join(lines), first_line


def read_bibtex(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The entries of a ``.bib`` file (``@patent`` entries are patents), in file order."""
    strings: list[Block] = []
    position = 0
    for chunk, line_offset in _batches(open_text(stream)):
        library = bibtexparser.parse_string(
            chunk, parse_stack=_PARSE_STACK, library=Library(list(strings))
        )
        for block in library.blocks[len(strings) :]:
            if isinstance(block, String):
                strings.append(block)
            elif isinstance(block, Entry):
                position += 1
                yield _record(block, position)
            elif isinstance(block, ParsingFailedBlock):
                position += 1
                yield _failed(block, position, line_offset)
