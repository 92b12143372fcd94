"""Crossref REST API responses: a work (``/works/{doi}``: ``{"status": "ok", "message-type":
"work", "message": {...}}``) and lists (``/works?...``: ``{"message": {"items": [...]}}``), as
a document or as JSON Lines of such responses or of bare work messages.

The work message's fields read: ``DOI``, ``title``, ``author`` (``given``, ``family``,
``name``, ``ORCID``, ``affiliation[].name``), ``abstract`` (JATS markup removed),
``container-title``, ``issued``/``published``/``published-print``/``published-online``
(``date-parts``), ``subject``, ``URL``, ``type``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from .jsondocs import read_json_works, texts
from .records import ParsedAuthor, ParsedRecord, RecordError
from .text import finish, normalise_doi, normalise_orcid, split_keywords, strip_markup

__all__ = ["read_crossref"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
# JATS abstracts open with a heading ("Abstract") that is not part of the text
_JATS_TITLE = re.compile(r"<jats:title>.*?</jats:title>", re.DOTALL)
_DATE_FIELDS = ("published", "issued", "published-print", "published-online", "created")


def _name(author: dict[str, Any]) -> str:
    """ "San Zhang" as Crossref splits it (given, family), "张三" for Chinese names, or the
    organisation's ``name``."""
    given, family = texts(author.get("given")), texts(author.get("family"))
    if not family:
        return texts(author.get("name")) or given
    if _CJK.search(family + given):
        return family + given
    return f"{given} {family}".strip()


def _date_parts(message: dict[str, Any]) -> list[int]:
    for key in _DATE_FIELDS:
        parts = (message.get(key) or {}).get("date-parts") or []
        if parts and parts[0] and parts[0][0]:
            return [int(p) for p in parts[0] if p is not None]
    return []


def work_record(message: dict[str, Any], position: int) -> ParsedRecord | RecordError:
    """One Crossref work message as a record."""
    if not isinstance(message, dict):
        return RecordError(position, "json_invalid", "", "a work is not a JSON object")
    parts = _date_parts(message)
    published = None
    if len(parts) == 3:
        try:
            published = date(*parts)
        except ValueError:
            published = None
    authors = [
        ParsedAuthor(
            name=_name(a),
            orcid=normalise_orcid(a.get("ORCID") or ""),
            affiliation=texts([f.get("name") for f in a.get("affiliation") or []]),
        )
        for a in message.get("author") or []
    ]
    record = ParsedRecord(
        kind="paper",
        title=texts(message.get("title")),
        source_format="crossref",
        position=position,
        source_id=texts(message.get("DOI")),
        abstract=strip_markup(_JATS_TITLE.sub("", str(message.get("abstract") or ""))),
        year=parts[0] if parts else None,
        published=published,
        authors=authors,
        venue=texts(message.get("container-title")),
        keywords=split_keywords([str(s) for s in message.get("subject") or []]),
        doi=normalise_doi(texts(message.get("DOI"))),
        url=texts(message.get("URL")),
    )
    return finish(record)


def unpack(document: Any) -> Iterable[dict[str, Any]]:
    """The work messages of a response, a list response or a bare work message."""
    if isinstance(document, dict) and "message" in document:
        message = document["message"]
        if isinstance(message, dict) and isinstance(message.get("items"), list):
            return message["items"]
        return [message]
    if isinstance(document, list):
        return document
    return [document]


def read_crossref(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The works of a Crossref API response file (or JSON Lines of them)."""
    return read_json_works(stream, unpack, work_record)
