"""What every reader shares: opening the byte stream (size limit, gzip, text encoding) and the
normalised values of a record (DOI, ORCID iD, year, date, keywords, language)."""

from __future__ import annotations

import codecs
import gzip
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO

from charset_normalizer import from_bytes

from .records import ParsedRecord, RecordError

__all__ = [
    "FormatError",
    "TooLarge",
    "check_record",
    "decode_head",
    "detect_encoding",
    "field_language",
    "finish",
    "normalise_doi",
    "normalise_orcid",
    "normalise_patent_number",
    "open_binary",
    "open_text",
    "parse_date",
    "parse_year",
    "split_keywords",
    "strip_markup",
    "text_language",
]

#: How much of the file decides its text encoding.
HEAD_BYTES = 64 * 1024
# Read ahead no further than this, so that a limit stops reading close to where it is.
_BUFFER = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"

# GB2312 and GBK are subsets of GB18030: decoding the whole file as GB18030 cannot fail on a
# character the head did not show.
_ENCODING_UPGRADE = {"gb2312": "gb18030", "gbk": "gb18030", "ascii": "utf-8"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class TooLarge(Exception):
    """The stream holds more bytes than the reader was allowed to read."""


class FormatError(Exception):
    """The file as a whole cannot be read (a stable code and the reason in the parser's words)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code, self.detail = code, detail


class _LimitedReader(io.RawIOBase):
    """A read-only view of a stream that raises :class:`TooLarge` past ``limit`` bytes."""

    def __init__(self, stream: IO[bytes] | gzip.GzipFile, limit: int | None) -> None:
        self._stream, self._limit, self.count = stream, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        self.count += len(data)
        if self._limit is not None and self.count > self._limit:
            raise TooLarge(f"more than {self._limit} bytes")
        buffer[: len(data)] = data
        return len(data)


def _size(stream: IO[bytes]) -> int | None:
    try:
        if not stream.seekable():
            return None
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
        return end - here
    except (OSError, AttributeError, ValueError):
        return None


def open_binary(stream: IO[bytes], max_bytes: int | None) -> IO[bytes]:
    """The stream's content, decompressed when it is gzip, that raises :class:`TooLarge` once
    more than ``max_bytes`` were read (a seekable file that is larger is refused before any
    reading). The decompressed content may be ten times the limit (a JSON Lines snapshot
    compresses about that much)."""
    size = _size(stream)
    if max_bytes is not None and size is not None and size > max_bytes:
        raise TooLarge(f"{size} bytes, more than {max_bytes}")
    buffered = io.BufferedReader(_LimitedReader(stream, max_bytes), _BUFFER)
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        unpacked = gzip.GzipFile(fileobj=buffered, mode="rb")
        limit = None if max_bytes is None else max_bytes * 10
        return io.BufferedReader(_LimitedReader(unpacked, limit), _BUFFER)
    return buffered


def detect_encoding(head: bytes) -> str:
    """The text encoding of a file from its first bytes: a BOM, else UTF-8 when the bytes are
    UTF-8, else charset-normalizer's best guess (GB2312/GBK read as GB18030).

    Raises :class:`FormatError` (``encoding``) when no encoding reads the bytes as text.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head
    if len(head) >= HEAD_BYTES:
        # the head may end inside a multi-byte character: decide on whole lines
        cut = head.rfind(b"\n")
        sample = head[: cut + 1] if cut > 0 else head
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _CONTROL.search(text):
            raise FormatError("encoding", "control characters: not a text file")
        return "utf-8"
    best = from_bytes(sample).best()
    if best is None:
        raise FormatError("encoding", "no text encoding reads the file")
    name = _ENCODING_UPGRADE.get(best.encoding, best.encoding)
    if _CONTROL.search(str(best)):
        raise FormatError("encoding", f"control characters when read as {name}")
    return name


def decode_head(head: bytes) -> str:
    """The first bytes of a file as text, for telling formats apart ("" when unreadable)."""
    if head.startswith(GZIP_MAGIC):
        try:
            head = gzip.decompress(head)
        except (OSError, EOFError):
            import zlib

            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
    try:
        encoding = detect_encoding(head)
    except FormatError:
        return ""
    return head.decode(encoding, errors="ignore").lstrip("\ufeff")


def open_text(stream: IO[bytes]) -> io.TextIOWrapper:
    """A text view of a binary stream (from :func:`open_binary`) in its detected encoding;
    reading it raises ``UnicodeDecodeError`` where the bytes stop being that encoding."""
    peek = getattr(stream, "peek", None)
    head = peek(HEAD_BYTES)[:HEAD_BYTES] if peek is not None else b""
    encoding = detect_encoding(head)
    return io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline=None)


def iter_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The text's lines without their line ends (a leading BOM dropped)."""
    first = True
    for line in text:
        if first:
            line = line.lstrip("\ufeff")
            first = False
        yield line.rstrip("\r\n")


# -- values --------------------------------------------------------------------------------------

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\.org/)", re.IGNORECASE)
_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2[01]\d\d)(?!\d)")
_DATE = re.compile(r"(?<!\d)(\d{4})(?:[-./年]\s*(\d{1,2})(?:[-./月]\s*(\d{1,2}))?|(\d{2})(\d{2}))")
_KEYWORD_SPLIT = re.compile(r"[;；,，、]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_PATENT_NOISE = re.compile(r"[\s/\-,.]+")
_TAG = re.compile(r"<[^>]+>")


def normalise_doi(value: str) -> str:
    """``"https://doi.org/10.1000/ABC"`` -> ``"10.1000/abc"``; "" for what is not a DOI."""
    doi = _DOI_PREFIX.sub("", value.strip()).strip().lower()
    return doi if doi.startswith("10.") and "/" in doi else ""


def orcid_checksum_ok(digits: str) -> bool:
    """ISO 7064 11,2 check digit of a 16-character ORCID iD without hyphens."""
    total = 0
    for char in digits[:15]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return digits[15].upper() == ("X" if check == 10 else str(check))


def normalise_orcid(value: str) -> str:
    """The bare iD ``"0000-0002-1825-0097"`` from an iD or its URL; "" when the check digit
    is wrong or there is none."""
    found = _ORCID.search(value or "")
    if found is None:
        return ""
    digits = "".join(found.groups()).upper()
    if not orcid_checksum_ok(digits):
        return ""
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:12]}-{digits[12:]}"


def normalise_patent_number(value: str) -> str:
    """``"CN 115678901 A"``, ``"WO2023/123456A1"``, ``"US-11456789-B2"`` -> the number without
    spaces, slashes or dashes, in capitals."""
    return _PATENT_NOISE.sub("", value or "").upper()


def parse_year(value: object) -> int | None:
    """The year in ``2021``, ``"2021-03-05"``, ``"20210305"``, ``"2021年"``, a date; None when
    there is none."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1500 <= value <= 2199 else None
    if isinstance(value, (date, datetime)):
        return value.year
    text = str(value or "").strip()
    if len(text) == 8 and text.isdigit():
        text = text[:4]
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None


def parse_date(value: object) -> date | None:
    """A full date from ``"2021-03-05"``, ``"2021.3.5"``, ``"20210305"``, ``"2021年3月5日"`` or
    a date/datetime; None when the value has no day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = _DATE.search(str(value or ""))
    if found is None:
        return None
    year, month, day = (
        found.group(1),
        found.group(2) or found.group(4),
        found.group(3) or found.group(5),
    )
    if not (month and day):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def split_keywords(values: str | list[str]) -> list[str]:
    """Keywords split on ``; ； , ， 、``, blanks dropped, order and first spelling kept."""
    items = [values] if isinstance(values, str) else values
    seen: dict[str, str] = {}
    for item in items:
        for word in _KEYWORD_SPLIT.split(item or ""):
            word = word.strip()
            if word and word.lower() not in seen:
                seen[word.lower()] = word
    return list(seen.values())


def strip_markup(value: str) -> str:
    """Text without XML/HTML tags (Crossref's JATS abstracts) and with single spaces."""
    return " ".join(_TAG.sub(" ", value).split()) if "<" in value else " ".join(value.split())


def text_language(text: str) -> str:
    """ "zh" when Chinese characters carry the text (at least two, and no fewer than its Latin
    words: "基于Transformer的缺陷检测" is Chinese), "en" for other text, "" for none."""
    if not text.strip():
        return ""
    cjk = len(_CJK.findall(text))
    if cjk >= 2 and cjk >= len(_LATIN_WORD.findall(text)):
        return "zh"
    return "en"


def field_language(record: ParsedRecord) -> None:
    """Fill ``field_languages`` (title, abstract) and ``language`` (title and abstract)."""
    for name in ("title", "abstract"):
        value = getattr(record, name)
        if value:
            record.field_languages[name] = text_language(value)
    record.language = text_language(f"{record.title} {record.abstract}")


def check_record(record: ParsedRecord, *, year_text: str = "") -> RecordError | None:
    """What makes a record unreadable: no title; a year given but none readable in it."""
    if not record.title.strip():
        return RecordError(record.position, "no_title", record.source_id)
    if year_text.strip() and record.year is None:
        return RecordError(record.position, "bad_year", record.source_id, year_text.strip()[:100])
    return None


def finish(record: ParsedRecord, *, year_text: str = "") -> ParsedRecord | RecordError:
    """The record with its languages, or the error that rejects it."""
    problem = check_record(record, year_text=year_text)
    if problem is not None:
        return problem
    field_language(record)
    return record
