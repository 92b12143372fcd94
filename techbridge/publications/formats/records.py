"""What every publication and patent format is read into: one plain record per work.

The readers in this package know the formats (BibTeX, RIS, EndNote/NoteExpress text, OpenAlex,
ORCID, Crossref, WIPO ST.36, patent-service CSV/Excel); they know nothing of the database. The
import service (``publications.services``) links the records to experts and institutes, merges
duplicates and stores them with their provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["ParsedAuthor", "ParsedRecord", "RecordError"]


@dataclass
class ParsedAuthor:
    """An author (or a patent's inventor) as the record names them."""

    name: str
    orcid: str = ""  # the bare iD, "0000-0002-1825-0097"; never a URL
    email: str = ""
    affiliation: str = ""
    openalex_id: str = ""  # "A5023888391"


@dataclass
class ParsedRecord:
    """One work read from a file or an online source."""

    kind: str  # "paper" or "patent" (people.choices.ProfileDocumentKind)
    title: str
    # "bibtex", "ris", "endnote", "openalex", "orcid", "crossref", "st36", "patent_table"
    source_format: str
    position: int  # 1-based ordinal of the record in its file
    source_id: str = ""  # the record's id in its source: BibTeX key, OpenAlex W-id, put-code, ...
    abstract: str = ""
    year: int | None = None
    published: date | None = None  # publication or filing date, where the record has it
    language: str = ""  # "zh" or "en": the language of title and abstract
    authors: list[ParsedAuthor] = field(default_factory=list)  # inventors for patents
    venue: str = ""  # journal, conference or patent office
    keywords: list[str] = field(default_factory=list)
    doi: str = ""  # lower-case, no "https://doi.org/" prefix
    url: str = ""
    patent_number: str = ""  # publication number, e.g. "CN112345678A"
    patent_family: str = ""  # family id where the source gives one
    applicants: list[str] = field(default_factory=list)
    ipc: list[str] = field(default_factory=list)
    field_languages: dict[str, str] = field(default_factory=dict)  # field name -> "zh" / "en"


@dataclass
class RecordError:
    """A record that could not be read: where it is and why, for the import report.

    ``code`` is a stable key the import service turns into a message in the reader's
    language (``publications.errors``); ``detail`` is the parser's own words (not translated).
    """

    position: int
    # e.g. "bibtex_syntax", "ris_no_end", "xml_invalid", "encoding", "no_title", "too_large"
    code: str
    record_id: str = ""
    detail: str = ""
