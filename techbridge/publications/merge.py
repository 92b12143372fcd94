"""The same work from several records is one work: found by DOI, patent family, patent
number, or normalised title + year + first author, in that order.

:class:`WorkFinder` answers for a batch of records with one query, and remembers the works of
the run so far, so a file that names a work twice, or two files of one run, make one work.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from .formats.records import ParsedRecord
from .models import Work
from .names import first_author_key, has_cjk, same_first_author, title_key


def record_language(record: ParsedRecord) -> str:
    if record.language in ("zh", "en"):
        return record.language
    return "zh" if has_cjk(record.title) else "en"


def record_year(record: ParsedRecord) -> int | None:
    if record.year:
        return record.year
    return record.published.year if record.published else None


def identifier_keys(record: ParsedRecord | Work) -> list[str]:
    """The record's identifiers as lookup keys, strongest first."""
    keys = []
    if record.doi:
        keys.append(f"doi:{record.doi.strip().lower()}")
    if record.patent_family:
        keys.append(f"pf:{record.patent_family.strip().upper()}")
    if record.patent_number:
        keys.append(f"pn:{record.patent_number.strip().upper().replace(' ', '')}")
    return keys


def work_key(record: ParsedRecord) -> str:
    """The key a new work gets from its first record (its strongest identifier)."""
    keys = identifier_keys(record)
    if keys:
        return keys[0][:220]
    author = first_author_key([a.name for a in record.authors])
    digest = hashlib.sha1(
        f"{record.kind}|{title_key(record.title)}|{record_year(record)}|{author}".encode()
    ).hexdigest()
    return f"title:{digest}"


def new_work(record: ParsedRecord) -> Work:
    """An unsaved work made from ``record``."""
    return Work(
        key=work_key(record),
        kind=record.kind,
        title=record.title[:500],
        abstract=record.abstract,
        language=record_language(record),
        year=record_year(record),
        venue=record.venue[:300],
        keywords="; ".join(record.keywords)[:500],
        doi=record.doi.strip().lower()[:200],
        patent_number=record.patent_number.strip().upper().replace(" ", "")[:40],
        patent_family=record.patent_family.strip().upper()[:40],
        url=record.url[:500],
        title_key=title_key(record.title),
        first_author_key=first_author_key([a.name for a in record.authors]),
        authors=[
            {"name": a.name, "orcid": a.orcid, "affiliation": a.affiliation} for a in record.authors
        ],
        applicants=[name.strip()[:300] for name in record.applicants if name.strip()],
    )


#: Fields a later record may fill where the work has nothing yet.
FILLABLE = (
    "abstract",
    "doi",
    "patent_number",
    "patent_family",
    "url",
    "venue",
    "keywords",
    "applicants",
)


def fill_blanks(work: Work, record: ParsedRecord) -> bool:
    """Give ``work`` what ``record`` knows and it does not; whether anything changed."""
    other = new_work(record)
    changed = False
    for name in FILLABLE:
        if not getattr(work, name) and getattr(other, name):
            setattr(work, name, getattr(other, name))
            changed = True
    if work.year is None and other.year is not None:
        work.year, changed = other.year, True
    return changed


class WorkFinder:
    """Finds the work each record describes, among stored works and those of this run."""

    def __init__(self) -> None:
        self.by_identifier: dict[str, Work] = {}
        self.by_title: dict[str, list[Work]] = defaultdict(list)

    def remember(self, work: Work) -> None:
        for key in identifier_keys(work):
            self.by_identifier.setdefault(key, work)
        if work.title_key:
            self.by_title[work.title_key].append(work)

    def prefetch(self, records: Iterable[ParsedRecord]) -> None:
        """Load the stored works any of ``records`` may be (one query)."""
        dois: set[str] = set()
        families: set[str] = set()
        numbers: set[str] = set()
        titles: set[str] = set()
        for record in records:
            for key in identifier_keys(record):
                kind, _, value = key.partition(":")
                {"doi": dois, "pf": families, "pn": numbers}[kind].add(value)
            titles.add(title_key(record.title))
        query = Q(title_key__in=titles - {""})
        if dois:
            query |= Q(doi__in=dois)
        if families:
            query |= Q(patent_family__in=families)
        if numbers:
            query |= Q(patent_number__in=numbers)
        # The works of this run and those fetched before are known: their ids are read first
        # and only the others loaded (an exclusion by ids would send every known id).
        known = {w.pk for works in self.by_title.values() for w in works}
        wanted = set(Work.objects.filter(query).order_by().values_list("pk", flat=True)) - known
        if wanted:
            for work in Work.objects.filter(pk__in=wanted).order_by("pk"):
                self.remember(work)

    def find(self, record: ParsedRecord) -> Work | None:
        """The work ``record`` describes, or None for a work not seen before."""
        for key in identifier_keys(record):
            if key in self.by_identifier:
                return self.by_identifier[key]
        year = record_year(record)
        author = first_author_key([a.name for a in record.authors])
        for work in self.by_title.get(title_key(record.title), ()):
            if work.kind != record.kind:
                continue
            if year and work.year and year != work.year:
                continue
            # Two works with different identifiers of one kind are different works.
            if record.doi and work.doi and record.doi.lower() != work.doi:
                continue
            if same_first_author(author, work.first_author_key):
                return work
        return None
