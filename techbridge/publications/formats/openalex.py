"""OpenAlex works: one Work object (``/works/W...``), a list response (``{"meta": ...,
"results": [...]}``) or a snapshot file of JSON Lines (``part_000.gz``, one Work a line).

The fields read are the Work object's: ``id``, ``doi``, ``title``/``display_name``,
``publication_year``, ``publication_date``, ``authorships`` (``author.display_name``,
``author.orcid``, ``author.id``, ``raw_author_name``, ``institutions``,
``raw_affiliation_strings``), ``abstract_inverted_index``, ``primary_location.source``,
``keywords``, ``language`` and ``type``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from .jsondocs import read_json_works, texts
from .records import ParsedAuthor, ParsedRecord, RecordError
from .text import finish, normalise_doi, normalise_orcid, parse_date, parse_year

__all__ = ["abstract_from_inverted_index", "read_openalex"]


def abstract_from_inverted_index(index: dict[str, list[int]] | None) -> str:
    """The abstract's text from OpenAlex's ``{word: [positions]}`` form."""
    if not index:
        return ""
    places: dict[int, str] = {}
    for word, positions in index.items():
        for place in positions:
            places[place] = word
    return " ".join(places[p] for p in sorted(places))


def _short_id(url: str) -> str:
    """``"https://openalex.org/W2741809807"`` -> ``"W2741809807"``."""
    return url.rstrip("/").rsplit("/", 1)[-1] if url else ""


def _authors(work: dict[str, Any]) -> list[ParsedAuthor]:
    authors = []
    for authorship in work.get("authorships") or []:
        author = authorship.get("author") or {}
        institutions = [i.get("display_name", "") for i in authorship.get("institutions") or []]
        raw = authorship.get("raw_affiliation_strings") or []
        authors.append(
            ParsedAuthor(
                name=texts(authorship.get("raw_author_name") or author.get("display_name")),
                orcid=normalise_orcid(author.get("orcid") or ""),
                affiliation=texts(raw) or texts(institutions),
                openalex_id=_short_id(author.get("id") or ""),
            )
        )
    return authors


def work_record(work: dict[str, Any], position: int) -> ParsedRecord | RecordError:
    """One OpenAlex Work object as a record."""
    if not isinstance(work, dict):
        return RecordError(position, "json_invalid", "", "a work is not a JSON object")
    location = work.get("primary_location") or {}
    source = location.get("source") or {}
    year_value = work.get("publication_year")
    record = ParsedRecord(
        kind="patent" if work.get("type") == "patent" else "paper",
        title=texts(work.get("title") or work.get("display_name")),
        source_format="openalex",
        position=position,
        source_id=_short_id(work.get("id") or ""),
        abstract=abstract_from_inverted_index(work.get("abstract_inverted_index")),
        year=parse_year(year_value),
        published=parse_date(work.get("publication_date")),
        authors=_authors(work),
        venue=texts(source.get("display_name")),
        keywords=[
            texts(k.get("display_name"))
            for k in work.get("keywords") or []
            if k.get("display_name")
        ],
        doi=normalise_doi(work.get("doi") or ""),
        url=texts(location.get("landing_page_url")),
    )
    return finish(record, year_text=str(year_value or ""))


def unpack(document: Any) -> Iterable[dict[str, Any]]:
    """The works of a Work object or a list response."""
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        return document["results"]
    if isinstance(document, list):
        return document
    return [document]


def read_openalex(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The works of an OpenAlex JSON file, list response or JSON Lines snapshot."""
    return read_json_works(stream, unpack, work_record)
