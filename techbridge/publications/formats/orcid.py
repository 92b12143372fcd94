"""ORCID public records (API v3.0), in JSON or XML: the ``/works`` summary (``group[].work-
summary[]``), the full ``/record`` (``person`` and ``activities-summary.works``), a full
``/work/{put-code}`` and the bulk ``/works/{put-codes}`` response (``bulk[].work``).

A work summary names no contributors: its author is the record's owner (the iD in the
record's ``path``, with the name, public e-mail and current employer when the record shows
them). A group holds the same work from several sources; its first summary is read. XML is
read with lxml's pull parser (no network, no entity expansion), a work at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from lxml import etree

from .jsondocs import read_json_works
from .records import ParsedAuthor, ParsedRecord, RecordError
from .text import finish, normalise_doi, normalise_orcid, normalise_patent_number, parse_year
from .xmlstream import xml_events

__all__ = ["read_orcid", "read_orcid_xml"]


@dataclass
class _Work:
    """The values of one work, whichever form they came in."""

    put_code: str = ""
    title: str = ""
    abstract: str = ""
    kind: str = ""
    year: str = ""
    month: str = ""
    day: str = ""
    journal: str = ""
    url: str = ""
    ids: list[tuple[str, str]] = field(default_factory=list)
    contributors: list[ParsedAuthor] = field(default_factory=list)


def _record(work: _Work, owner: ParsedAuthor | None, position: int) -> ParsedRecord | RecordError:
    ids = {kind.lower(): value for kind, value in reversed(work.ids)}
    published = None
    if work.year and work.month and work.day:
        try:
            published = date(int(work.year), int(work.month), int(work.day))
        except ValueError:
            published = None
    authors = list(work.contributors)
    if not authors and owner is not None:
        authors = [ParsedAuthor(owner.name, owner.orcid, owner.email, owner.affiliation)]
    is_patent = work.kind == "patent"
    record = ParsedRecord(
        kind="patent" if is_patent else "paper",
        title=" ".join(work.title.split()),
        source_format="orcid",
        position=position,
        source_id=work.put_code,
        abstract=" ".join(work.abstract.split()),
        year=parse_year(work.year),
        published=published,
        authors=authors,
        venue=work.journal,
        doi=normalise_doi(ids.get("doi", "")),
        url=work.url,
        patent_number=normalise_patent_number(ids.get("pat", "")) if is_patent else "",
    )
    return finish(record, year_text=work.year)


# -- JSON --------------------------------------------------------------------------------------


def _value(node: Any, *path: str) -> str:
    for key in path:
        if not isinstance(node, dict):
            return ""
        node = node.get(key)
    return " ".join(str(node).split()) if node not in (None, "") else ""


def _json_work(node: dict[str, Any]) -> _Work:
    date_node = node.get("publication-date") or {}
    contributors = []
    for item in (node.get("contributors") or {}).get("contributor") or []:
        contributors.append(
            ParsedAuthor(
                name=_value(item, "credit-name", "value"),
                orcid=normalise_orcid(_value(item, "contributor-orcid", "path")),
                email=_value(item, "contributor-email", "value"),
            )
        )
    external = (node.get("external-ids") or {}).get("external-id") or []
    return _Work(
        put_code=str(node.get("put-code") or ""),
        title=_value(node, "title", "title", "value"),
        abstract=_value(node, "short-description"),
        kind=str(node.get("type") or ""),
        year=_value(date_node, "year", "value"),
        month=_value(date_node, "month", "value"),
        day=_value(date_node, "day", "value"),
        journal=_value(node, "journal-title", "value"),
        url=_value(node, "url", "value"),
        ids=[(_value(e, "external-id-type"), _value(e, "external-id-value")) for e in external],
        contributors=contributors,
    )


def _json_owner(document: dict[str, Any]) -> ParsedAuthor | None:
    orcid = normalise_orcid(
        _value(document, "orcid-identifier", "path") or _value(document, "path")
    )
    if not orcid:
        return None
    person = document.get("person") or {}
    name = person.get("name") or {}
    full = _value(name, "credit-name", "value") or " ".join(
        p for p in (_value(name, "given-names", "value"), _value(name, "family-name", "value")) if p
    )
    emails = (person.get("emails") or {}).get("email") or []
    employer = ""
    groups = ((document.get("activities-summary") or {}).get("employments") or {}).get(
        "affiliation-group"
    ) or []
    for group in groups:
        for summary in group.get("summaries") or []:
            employer = employer or _value(summary, "employment-summary", "organization", "name")
    return ParsedAuthor(
        name=full,
        orcid=orcid,
        email=_value(emails[0], "email") if emails else "",
        affiliation=employer,
    )


def _json_unpack(document: Any) -> Iterable[tuple[_Work, ParsedAuthor | None]]:
    if not isinstance(document, dict):
        return []
    owner = _json_owner(document)
    if "bulk" in document:
        return [(_json_work(b["work"]), owner) for b in document["bulk"] if b.get("work")]
    works = document
    if "activities-summary" in document:
        works = (document["activities-summary"] or {}).get("works") or {}
        owner = owner or _json_owner(works)
    if "group" in works:
        summaries = [(g.get("work-summary") or [None])[0] for g in works.get("group") or []]
        return [(_json_work(s), owner) for s in summaries if s]
    if "put-code" in document:
        return [(_json_work(document), owner)]
    return []


def read_orcid(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The works of an ORCID JSON response (``/works``, ``/record``, ``/work``, bulk)."""

    def convert(item: Any, position: int) -> ParsedRecord | RecordError:
        work, owner = item
        return _record(work, owner, position)

    return read_json_works(stream, _json_unpack, convert)  # type: ignore[arg-type]


# -- XML ---------------------------------------------------------------------------------------


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _find(element: etree._Element, *path: str) -> str:
    node: etree._Element | None = element
    for name in path:
        if node is None:
            return ""
        node = node.find(f"{{*}}{name}")
    return " ".join((node.text or "").split()) if node is not None else ""


def _xml_work(element: etree._Element) -> _Work:
    ids = [
        (_find(e, "external-id-type"), _find(e, "external-id-value"))
        for e in element.iterfind("{*}external-ids/{*}external-id")
    ]
    contributors = [
        ParsedAuthor(
            name=_find(c, "credit-name"),
            orcid=normalise_orcid(_find(c, "contributor-orcid", "path")),
            email=_find(c, "contributor-email"),
        )
        for c in element.iterfind("{*}contributors/{*}contributor")
    ]
    return _Work(
        put_code=element.get("put-code", ""),
        title=_find(element, "title", "title"),
        abstract=_find(element, "short-description"),
        kind=_find(element, "type"),
        year=_find(element, "publication-date", "year"),
        month=_find(element, "publication-date", "month"),
        day=_find(element, "publication-date", "day"),
        journal=_find(element, "journal-title"),
        url=_find(element, "url"),
        ids=ids,
        contributors=contributors,
    )


def read_orcid_xml(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The works of an ORCID XML response, a work at a time."""
    owner = ParsedAuthor(name="")
    position = 0
    in_group = False
    try:
        for event, element in xml_events(stream, ("start", "end")):
            name = _local(element)
            if event == "start":
                if name == "group":
                    in_group = False
                elif name in ("works", "record") and element.get("path"):
                    owner.orcid = owner.orcid or normalise_orcid(element.get("path", ""))
                continue
            if name == "orcid-identifier":
                owner.orcid = normalise_orcid(_find(element, "path"))
            elif (
                name == "name"
                and element.getparent() is not None
                and _local(element.getparent()) == "person"
            ):
                owner.name = _find(element, "credit-name") or " ".join(
                    p for p in (_find(element, "given-names"), _find(element, "family-name")) if p
                )
            elif name == "email" and _local(element.getparent()) == "emails":
                owner.email = owner.email or _find(element, "email")
            elif name == "employment-summary":
                owner.affiliation = owner.affiliation or _find(element, "organization", "name")
            elif name in ("work-summary", "work") and _find(element, "title", "title"):
                if name == "work-summary" and in_group:
                    element.clear()
                    continue  # the group's other sources of the same work
                in_group = name == "work-summary"
                position += 1
                yield _record(_xml_work(element), owner if owner.orcid else None, position)
                element.clear()
    except etree.XMLSyntaxError as error:
        yield RecordError(position + 1, "xml_invalid", "", str(error))
