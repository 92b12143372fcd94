"""Throughput of link + merge + write on the demo network's experts (reading is the readers'
own cost, measured with them)."""

from __future__ import annotations

import random
import time

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


def test_thousands_of_records_a_second() -> None:
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
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        run = services.import_records(run, records)
    seconds = time.perf_counter() - started
    rate = RECORDS / seconds
    print(
        f"{RECORDS} records in {seconds:.2f} s: {rate:.0f} records/s; "
        f"{run.linked_count} linked, {run.review_count} for review"
    )
    assert run.created_count == RECORDS - 300 and run.merged_count == 300
    assert Work.objects.filter(doi__startswith="10.5555/speed.").count() == RECORDS - 300
    # Batched: a few queries per batch and per chunk of inserted rows (SQLite takes 999
    # parameters a statement), none per record
    assert len(queries) < RECORDS / 4, len(queries)
    # 1,600/s on a 2-core machine under a load of 4-5; the bound only catches collapses
    assert rate > 300
