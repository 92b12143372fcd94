"""Records and experts for the publication tests: a few hand-made ones, with names that no
demo expert has."""

from __future__ import annotations

from typing import Any

import pytest

from techbridge.institutes.models import ResearchInstitute
from techbridge.institutes.tests.factories import InstituteFactory
from techbridge.people.choices import AcademicTitle
from techbridge.people.models import Expert
from techbridge.people.tests.factories import ExpertFactory
from techbridge.publications.formats.records import ParsedAuthor, ParsedRecord
from techbridge.publications.models import ImportRun


def record(
    position: int,
    title: str,
    authors: list[ParsedAuthor] | None = None,
    *,
    kind: str = "paper",
    fmt: str = "bibtex",
    year: int | None = 2021,
    **fields: Any,
) -> ParsedRecord:
    return ParsedRecord(
        kind=kind,
        title=title,
        source_format=fmt,
        position=position,
        year=year,
        authors=authors or [],
        **fields,
    )


@pytest.fixture
def institutes(db: None) -> tuple[ResearchInstitute, ResearchInstitute]:
    first, second = InstituteFactory.create_batch(2)
    return first, second


@pytest.fixture
def experts(institutes: Any) -> dict[str, Expert]:
    """Four experts: two at the first institute, one at the second, one namesake."""
    first, second = institutes
    return {
        "ouyang": ExpertFactory.create(
            name_zh="欧阳澍青",
            name_en="Shuqing Ouyang",
            organisation=first,
            title=AcademicTitle.RESEARCHER,
            email="sq.ouyang@example.org",
        ),
        "qiu": ExpertFactory.create(
            name_zh="裘洛岑",
            name_en="Luocen Qiu",
            organisation=first,
            title=AcademicTitle.PROFESSOR,
            orcid="0000-0002-1825-0097",
        ),
        "zhuge": ExpertFactory.create(
            name_zh="诸葛鹭汀",
            name_en="Luting Zhuge",
            organisation=second,
            title=AcademicTitle.ENGINEER,
        ),
        "tolkien": ExpertFactory.create(
            name_zh="",
            name_en="Mirabel Quennell-Tarrant",
            organisation=second,
            title=AcademicTitle.PROFESSOR,
            email="m.qt@example.ac.uk",
        ),
    }


@pytest.fixture
def new_run(db: None) -> Any:
    def make(name: str = "works.bib", **fields: Any) -> ImportRun:
        return ImportRun.objects.create(file_name=name, **fields)

    return make
