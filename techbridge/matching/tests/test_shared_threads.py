"""On a large collection the shared index reads a need's postings, and the rows of its lexical
candidates, on a thread of its own beside the HNSW scan. That thread has a database connection
of its own, so the collection is committed here (and removed after the module), not written
inside a test's transaction, which no other connection sees; in a collection of its own, so
that no other test's index is touched."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from techbridge.matching import shared as shared_module
from techbridge.matching.index import PlatformIndex
from techbridge.matching.services import need_text
from techbridge.matching.shared import (
    HNSW_INDEX_PREFIX,
    SharedCollection,
    vacuum_analyze,
    writer_lock,
)
from techbridge.needs.models import TechnologyNeed
from techbridge.testing.matching import fixed_small_sources, load_small_collection

#: A collection number that no part of the platform uses.
COLLECTION = 9

pytestmark = [
    pytest.mark.both_databases,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the shared index lives in PostgreSQL"
    ),
]


@pytest.fixture(scope="module")
def committed(
    django_db_blocker: Any, small_index: PlatformIndex
) -> Iterator[tuple[SharedCollection, SharedCollection]]:
    """The small demo index committed to the shared index: read in turn, and side by side."""
    engine = small_index.resources
    # Twenty candidates a side, so that the lexical side brings documents the HNSW scan does
    # not (on this small collection the usual depth would take every document).
    config = dataclasses.replace(engine.config, candidates=20)
    in_turn = SharedCollection(COLLECTION, config, encoder=engine.encoder_)
    side_by_side = SharedCollection(
        COLLECTION,
        dataclasses.replace(config, parallel_min_docs=1),
        encoder=engine.encoder_,
    )
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_small_collection(in_turn, small_index, links=False)
        try:
            yield in_turn, side_by_side
        finally:
            # The worker threads' connections go with their pool; then the collection.
            pool, shared_module._pool = shared_module._pool, None
            if pool is not None:
                pool.shutdown(wait=True)
            with transaction.atomic(), connection.cursor() as cursor:
                writer_lock()
                in_turn.clear()
                cursor.execute(
                    f"DROP INDEX IF EXISTS {HNSW_INDEX_PREFIX}{COLLECTION}_{in_turn.dim}"
                )


@pytest.mark.django_db
def test_the_lexical_side_on_its_own_thread_ranks_as_in_turn(committed: Any) -> None:
    # Given the same committed collection, read in turn and with the postings (and the rows
    # of the lexical candidates) on a thread of its own
    in_turn, side_by_side = committed
    ids = list(fixed_small_sources().needs.values_list("pk", flat=True)[:8])
    needs = list(TechnologyNeed.objects.filter(pk__in=ids).order_by("pk"))
    assert needs
    for need in needs:
        text = need_text(need)
        vector = in_turn.encode_need(text, need.title)
        for types in (["expert"], ["achievement"], None):
            # When both rank the need
            a = in_turn.match(text, entity_types=types, k=10, need_vector=vector)
            b = side_by_side.match(text, entity_types=types, k=10, need_vector=vector)
            # Then they give the same matches, scores and evidence
            assert a
            assert [(m.entity_type, m.entity_id) for m in b] == [
                (m.entity_type, m.entity_id) for m in a
            ]
            assert [m.score for m in b] == pytest.approx([m.score for m in a], abs=1e-6)
            assert [[e.doc_id for e in m.evidence] for m in b] == [
                [e.doc_id for e in m.evidence] for m in a
            ]


def test_a_vacuum_outside_a_transaction_marks_the_postings_visible(
    committed: Any, django_db_blocker: Any
) -> None:
    # Given the committed collection, outside any transaction (as after a build commits)
    tables = ["matching_indexeddocument", "matching_indexedposting", "matching_indexedterm"]
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("SELECT now()")
            (start,) = cursor.fetchone()
        # When the shared index's tables are vacuumed
        vacuum_analyze()
        # Then each was vacuumed and analysed just now
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, last_vacuum >= %s, last_analyze >= %s "
                "FROM pg_stat_user_tables WHERE relname = ANY(%s) ORDER BY relname",
                [start, start, tables],
            )
            rows = cursor.fetchall()
        assert rows == [(table, True, True) for table in sorted(tables)]
        # and inside a transaction, where VACUUM cannot run, the statistics are renewed alone
        with transaction.atomic():
            vacuum_analyze()
