"""Patent documents in WIPO ST.36 XML (and the national variants built on it: the USPTO's
``us-patent-grant``/``us-patent-application``, the EPO's DOCDB ``exchange-document``), one or
many to a file, read with lxml's pull parser a document at a time (no network, no entity
expansion, no DTD, no huge-tree mode).

Read from each document: ``publication-reference`` (country, doc-number, kind, date: the
publication number and date), ``application-reference`` (the filing date),
``invention-title``, ``abstract``, the applicants and inventors of ``parties`` (an
``addressbook``'s ``name``/``orgname`` or ``last-name`` + ``first-name``),
``classification-ipcr`` (or the older ``classification-ipc``) and the family id
(``family-id`` attribute or element).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from lxml import etree

from .records import ParsedAuthor, ParsedRecord, RecordError
from .text import finish, normalise_patent_number, parse_date, parse_year
from .xmlstream import xml_events

__all__ = ["read_st36"]

DOCUMENT_TAGS = (
    "{*}patent-document",
    "{*}us-patent-grant",
    "{*}us-patent-application",
    "{*}exchange-document",
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME_PARTS = {"orgname", "name", "last-name", "first-name"}
_IPC = re.compile(r"^([A-H]\d\d[A-Z])\s*(\d+)\s*/\s*(\d+)")


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _first(element: etree._Element, path: str) -> str:
    return _text(element.find(path))


def _person(party: etree._Element) -> str:
    """A party's name: ``name``/``orgname``, else ``last-name`` and ``first-name`` ("张三",
    "Zhang, San"), in an ``addressbook`` or DOCDB's ``*-name``."""
    parts: dict[str, str] = {}
    for element in party.iter():  # one pass over the party's few elements
        tag = element.tag
        if isinstance(tag, str):
            name = tag.rpartition("}")[2]
            if name in _NAME_PARTS and name not in parts:
                parts[name] = _text(element)
    found = parts.get("orgname") or parts.get("name")
    if found:
        return found
    last, first = parts.get("last-name", ""), parts.get("first-name", "")
    if _CJK.search(last + first):
        return last + first
    return ", ".join(p for p in (last, first) if p)


def _parties(document: etree._Element, kind: str) -> list[str]:
    """Applicants or inventors in document order. DOCDB lists each party once per data format
    (``docdb``, ``docdba``, ``original``): then the ``original`` names are read, else those of
    the first format."""
    parties = list(document.iterfind(f".//{{*}}{kind}s/{{*}}{kind}"))
    if kind == "applicant":  # the USPTO's us-applicants
        parties += document.iterfind(".//{*}us-applicants/{*}us-applicant")
    formats = [p.get("data-format", "") for p in parties]
    if any(formats):
        chosen = "original" if "original" in formats else formats[0]
        parties = [p for p, f in zip(parties, formats, strict=True) if f == chosen]
    return [name for name in (_person(p) for p in parties) if name]


def _in_language(document: etree._Element, tag: str, language: str) -> str:
    """The text of the first ``tag`` in the document's language (else of the first)."""
    found = document.findall(f".//{{*}}{tag}")
    for element in found:
        if language and element.get("lang", "").lower() == language:
            return _text(element)
    return _text(found[0]) if found else ""


def _ipc(document: etree._Element) -> list[str]:
    codes: list[str] = []
    for element in document.iterfind(".//{*}classification-ipcr"):
        text = _first(element, "{*}text")
        if not text:
            parts = [
                _first(element, f"{{*}}{p}")
                for p in ("section", "class", "subclass", "main-group", "subgroup")
            ]
            text = f"{''.join(parts[:3])} {parts[3]}/{parts[4]}" if all(parts) else ""
        found = _IPC.match(text)
        code = f"{found.group(1)} {found.group(2)}/{found.group(3)}" if found else text.strip()
        if code and code not in codes:
            codes.append(code)
    for element in document.iterfind(".//{*}classification-ipc/{*}main-classification"):
        found = _IPC.match(_text(element))
        if found:
            code = f"{found.group(1)} {found.group(2)}/{found.group(3)}"
            if code not in codes:
                codes.append(code)
    return codes


def _record(document: etree._Element, position: int) -> ParsedRecord | RecordError:
    reference = document.find(".//{*}publication-reference/{*}document-id")
    country = kind = number = published_text = ""
    if reference is not None:
        country = _first(reference, "{*}country")
        number = _first(reference, "{*}doc-number")
        kind = _first(reference, "{*}kind")
        published_text = _first(reference, "{*}date")
    country = country or document.get("country", "")
    number = number or document.get("doc-number", "")
    kind = kind or document.get("kind", "")
    published_text = published_text or document.get("date-publ", "") or document.get("date", "")
    filed_text = _first(document, ".//{*}application-reference/{*}document-id/{*}date")
    publication_number = normalise_patent_number(f"{country}{number}{kind}")
    language = document.get("lang", "").lower()
    family = document.get("family-id", "") or _first(document, ".//{*}family-id")
    year_text = published_text or filed_text
    record = ParsedRecord(
        kind="patent",
        title=_in_language(document, "invention-title", language),
        source_format="st36",
        position=position,
        source_id=publication_number,
        abstract=_in_language(document, "abstract", language),
        year=parse_year(year_text),
        published=parse_date(published_text) or parse_date(filed_text),
        authors=[ParsedAuthor(name=n) for n in _parties(document, "inventor")],
        venue=country,
        patent_number=publication_number,
        patent_family=family,
        applicants=_parties(document, "applicant"),
        ipc=_ipc(document),
    )
    return finish(record, year_text=year_text)


def read_st36(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The patent documents of an ST.36 XML file, in file order."""
    position = 0
    try:
        for _event, document in xml_events(stream, ("end",), DOCUMENT_TAGS):
            position += 1
            yield _record(document, position)
            # free what was read: the document and the siblings before it
            document.clear()
            parent = document.getparent()
            while parent is not None and document.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        yield RecordError(position + 1, "xml_invalid", "", str(error))
