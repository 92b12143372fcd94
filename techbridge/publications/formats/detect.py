"""Which format a file is in, from its name and its first bytes."""

from __future__ import annotations

import re

from .table import columns
from .text import decode_head

__all__ = ["detect_format"]

_BIBTEX = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_RIS = re.compile(r"^TY  - ", re.MULTILINE)
_REFER = re.compile(r"^%0 \S", re.MULTILINE)
_NOTEEXPRESS = re.compile(r"^\{Reference Type\}:", re.MULTILINE | re.IGNORECASE)
_ST36 = (
    "<patent-document",
    "<us-patent-grant",
    "<us-patent-application",
    "exchange-document",
    "<bibliographic-data",
    "<invention-title",
    "<publication-reference",
)
_OPENALEX = ('"authorships"', '"abstract_inverted_index"', "openalex.org/W", '"publication_year"')
_CROSSREF = ('"message-type"', '"container-title"', '"date-parts"', '"is-referenced-by-count"')
_ORCID = ('"orcid-identifier"', '"work-summary"', '"put-code"', '"external-ids"')
_EXTENSIONS = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".ris": "ris",
    ".enw": "endnote",
    ".net": "endnote",
    ".csv": "patent_table",
    ".tsv": "patent_table",
    ".xlsx": "patent_table",
    ".xlsm": "patent_table",
}


def _from_content(text: str) -> str | None:
    stripped = text.lstrip()
    if stripped.startswith("<"):
        if "orcid.org/ns/" in text:
            return "orcid"
        if any(marker in text for marker in _ST36):
            return "st36"
        return None
    if stripped.startswith(("{", "[")):
        if any(marker in text for marker in _ORCID):
            return "orcid"
        if any(marker in text for marker in _OPENALEX):
            return "openalex"
        if any(marker in text for marker in _CROSSREF):
            return "crossref"
    if _RIS.search(text):
        return "ris"
    if _REFER.search(text) or _NOTEEXPRESS.search(text):
        return "endnote"
    if _BIBTEX.search(text):
        return "bibtex"
    first_line = stripped.split("\n", 1)[0]
    for delimiter in (",", "\t", ";"):
        if "title" in columns(first_line.split(delimiter)):
            return "patent_table"
    return None


def detect_format(filename: str, head: bytes) -> str | None:
    """The format name (one of ``FORMATS``) of a file called ``filename`` that starts with
    ``head`` (64 KiB is plenty), or None when neither tells.

    The content decides where it is clear (a ``.txt`` of RIS lines is RIS); the extension
    decides for workbooks and where the content says nothing.
    """
    name = filename.lower().removesuffix(".gz")
    if head.startswith(b"PK\x03\x04"):
        return "patent_table" if not name.endswith((".docx", ".zip")) else None
    found = _from_content(decode_head(head))
    if found:
        return found
    for extension, fmt in _EXTENSIONS.items():
        if name.endswith(extension):
            return fmt
    return None
