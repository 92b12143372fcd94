"""Readers of publication and patent record files: each turns a file into
:class:`~.records.ParsedRecord` items (and :class:`~.records.RecordError` items for what it
cannot read), streaming, in file order. Plain Python: nothing here knows the database.

Formats (``FORMATS``):

``bibtex``
    BibTeX/BibLaTeX ``.bib`` (bibtexparser 2); ``@patent`` entries are patents.
``ris``
    RIS ``.ris`` (rispy), as Web of Science, Scopus, CNKI and EndNote export it; ``TY  - PAT``
    records are patents.
``endnote``
    Tagged text as CNKI exports it, in either dialect, told apart line by line: EndNote
    "refer" (``%0 Journal Article``, ``%A``, ``%T`` ...; ``.enw``/``.txt``) and NoteExpress
    (``{Reference Type}: Journal Article``, ``{Title}: ...``; ``.net``/``.txt``).
``openalex``
    An OpenAlex Work JSON, a list response ``{"results": [...]}``, or a snapshot file of
    JSON Lines (gzip or not).
``orcid``
    An ORCID v3.0 public record: ``/works`` summary or full ``/record``, in JSON or XML.
``crossref``
    Crossref REST API ``{"message": {...}}`` work and ``{"message": {"items": [...]}}`` lists.
``st36``
    WIPO ST.36 patent XML (and the USPTO and DOCDB variants built on it).
``patent_table``
    CSV and Excel ``.xlsx`` exports of patent search services, Chinese or English headers.

Any file may be gzip-compressed. The text encoding is the BOM's, else UTF-8, else
charset-normalizer's guess from the first 64 KiB (GBK/GB2312 read as GB18030, as CNKI writes).

Error codes (``RecordError.code``; ``publications.errors`` words them for the reader):

=================  =========================================================================
``bibtex_syntax``  a BibTeX entry the parser could not read (the next entries are read)
``ris_no_end``     a RIS record without ``ER  -`` (the file ends, or the next ``TY`` comes)
``ris_syntax``     RIS tag lines outside any record
``endnote_syntax`` an EndNote/NoteExpress record without its ``%0``/``{Reference Type}``
``json_invalid``   JSON that does not parse (a JSON Lines file goes on at the next line), or
                   a work that is not an object
``xml_invalid``    XML that does not parse (the reading stops there; the detail has the line
                   and column)
``table_header``   a CSV/Excel sheet with no title column (position 0: the whole file)
``read_failed``    a workbook that does not open, a cut gzip stream, a CSV row the csv
                   module refuses (reading stops)
``encoding``       bytes that no text encoding reads (or that stop being the file's encoding)
``no_title``       a record without a title
``bad_year``       a record whose year or date field holds no readable year
``too_large``      more than ``max_bytes`` (reading stops; a seekable file is refused first)
``unknown_format`` ``read`` was given a format name not in ``FORMATS``
=================  =========================================================================

Usage::

    from techbridge.publications import formats

    with open(path, "rb") as stream:
        fmt = formats.detect_format(path.name, stream.read(65536))
        stream.seek(0)
        for item in formats.read(stream, fmt, filename=path.name, max_bytes=200 * 2**20):
            ...  # ParsedRecord or RecordError
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Callable, Iterator
from typing import IO, BinaryIO

from .bibtex import read_bibtex
from .crossref import read_crossref
from .detect import detect_format
from .endnote import read_endnote
from .openalex import read_openalex
from .orcid import read_orcid, read_orcid_xml
from .records import ParsedAuthor, ParsedRecord, RecordError
from .ris import read_ris
from .st36 import read_st36
from .table import read_patent_table
from .text import FormatError, TooLarge, open_binary

__all__ = [
    "FORMATS",
    "ParsedAuthor",
    "ParsedRecord",
    "RecordError",
    "detect_format",
    "read",
]

FORMATS: tuple[str, ...] = (
    "bibtex",
    "ris",
    "endnote",
    "openalex",
    "orcid",
    "crossref",
    "st36",
    "patent_table",
)

Reader = Callable[[IO[bytes]], Iterator[ParsedRecord | RecordError]]


def _orcid(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """ORCID in JSON or XML, by the first character that is not blank."""
    peek = getattr(stream, "peek", None)
    head = peek(1024)[:1024] if peek is not None else b""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return read_orcid_xml(stream)
    return read_orcid(stream)


_READERS: dict[str, Reader] = {
    "bibtex": read_bibtex,
    "ris": read_ris,
    "endnote": read_endnote,
    "openalex": read_openalex,
    "orcid": _orcid,
    "crossref": read_crossref,
    "st36": read_st36,
}


def read(
    stream: BinaryIO,
    fmt: str,
    *,
    filename: str = "",
    max_bytes: int | None = None,
) -> Iterator[ParsedRecord | RecordError]:
    """The records of ``stream`` in format ``fmt`` (one of :data:`FORMATS`), in file order.

    Records that cannot be read come as :class:`RecordError` in their place and reading goes
    on where the format allows. Past ``max_bytes`` (of the file; ten times that of a gzip
    file's content) a ``too_large`` error ends the reading.
    """
    if fmt not in FORMATS:
        yield RecordError(0, "unknown_format", "", f"{fmt!r} is not one of {', '.join(FORMATS)}")
        return
    last = 0
    try:
        if fmt == "patent_table" and _is_workbook(stream, max_bytes):
            # a workbook is a zip file, read from its end: hand openpyxl the file itself
            items = read_patent_table(stream, filename)
        else:
            source = open_binary(stream, max_bytes)
            if fmt == "patent_table":
                items = read_patent_table(source, filename)
            else:
                items = _READERS[fmt](source)
        for item in items:
            last = item.position or last
            yield item
    except TooLarge as error:
        yield RecordError(last + 1 if last else 0, "too_large", "", str(error))
    except FormatError as error:
        yield RecordError(last + 1 if last else 0, error.code, "", error.detail)
    except UnicodeDecodeError as error:
        yield RecordError(last + 1, "encoding", "", f"{error.encoding}: {error.reason}")
    except (OSError, EOFError, zlib.error, csv.Error) as error:
        # a cut or corrupt gzip stream, a CSV field past the csv module's limit
        yield RecordError(last + 1, "read_failed", "", f"{type(error).__name__}: {error}")


def _is_workbook(stream: BinaryIO, max_bytes: int | None) -> bool:
    """Whether a seekable stream holds an Excel workbook (its size within the limit)."""
    try:
        if not stream.seekable():
            return False
        here = stream.tell()
        head = stream.read(4)
        size = stream.seek(0, 2) - here
        stream.seek(here)
    except (OSError, AttributeError, ValueError):
        return False
    if head != b"PK\x03\x04":
        return False
    if max_bytes is not None and size > max_bytes:
        raise TooLarge(f"{size} bytes, more than {max_bytes}")
    return True
