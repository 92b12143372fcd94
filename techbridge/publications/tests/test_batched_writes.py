"""Link + merge + write of thousands of records on the demo network's experts: in batches, a
few queries each, none per record (how fast is ``techbridge bench ingest``'s to measure)."""

from __future__ import annotations

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from techbridge.people.models import Expert
from techbridge.publications import services
from techbridge.publications.formats.records import ParsedAuthor
from techbridge.publications.models import ImportRun, Work

from .conftest import record

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

RECORDS = 4000


def test_thousands_of_records_are_written_in_batches_not_one_by_one() -> None:
    rng = random.Random(7)
    experts = list(Expert.objects.values_list("name_zh", "name_en", "organisation__name_en"))
    records = []
    for n in range(1, RECORDS + 1):
        authors = []
        for _ in range(rng.randint(2, 6)):
            name_zh, name_en, organisation = rng.choice(experts)
            if rng.random() < 0.5:  # a stranger
                authors.append(ParsedAuthor(f"Stranger{rng.randint(1, 10**6)}, A."))
            else:
                authors.append(
                    ParsedAuthor(
                        rng.choice([name_zh, name_en]) or name_zh, affiliation=organisation or ""
                    )
                )
        doi = f"10.5555/speed.{n % (RECORDS - 300)}"  # 300 records repeat a work
        records.append(record(n, f"Speed work {n % (RECORDS - 300)}", authors, doi=doi))
    run = ImportRun.objects.create(file_name="speed.bib")
    with CaptureQueriesContext(connection) as queries:
        run = services.import_records(run, records)
    assert run.created_count == RECORDS - 300 and run.merged_count == 300
    assert Work.objects.filter(doi__startswith="10.5555/speed.").count() == RECORDS - 300
    # Batched: a few queries per batch and per chunk of inserted rows (SQLite takes 999
    # parameters a statement), none per record
    assert len(queries) < RECORDS / 4, len(queries)
    # and none sorts what it reads by a table it would join for nothing but the models'
    # default order (the links' by their works' years and titles, the documents' by their
    # experts' names)
    sorted_by_join = []
    for query in queries:
        sql = query["sql"]
        if "ORDER BY" in sql:
            table = re.search(r'FROM "(\w+)"', sql).group(1)  # type: ignore[union-attr]
            order = sql.rsplit("ORDER BY", 1)[1]
            if set(re.findall(r'"(\w+)"\.', order)) - {table}:
                sorted_by_join.append(sql)
    assert not sorted_by_join, sorted_by_join[:3]
    assert run.linked_count + run.review_count > RECORDS / 2
