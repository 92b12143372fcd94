"""``techbridge index status`` reports what the shared index's searches read (its vector graphs
and the postings' search index) against the server's buffers, and warns when they do not fit."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from techbridge.matching.index import PlatformIndex
from techbridge.matching.server_memory import IndexMemory, index_memory
from techbridge.matching.shared import SharedCollection
from techbridge.testing.matching import load_small_collection

MB = 1024 * 1024


def test_the_advice_names_the_size_the_buffers_need() -> None:
    with translation.override("en"):
        short = IndexMemory(graphs=391 * MB, postings=360 * MB, shared_buffers=128 * MB)
        assert not short.fits
        advice = short.advice()
        assert advice is not None
        assert "shared_buffers (128.0\xa0MB)" in advice
        assert "751.0\xa0MB" in advice  # graphs and postings together
        assert "restart PostgreSQL" in advice
        assert short.summary() == (
            "Server buffers (shared_buffers) 128.0\xa0MB; vector graphs 391.0\xa0MB, "
            "postings search index 360.0\xa0MB"
        )
        roomy = IndexMemory(graphs=391 * MB, postings=360 * MB, shared_buffers=6 * 1024 * MB)
        assert roomy.fits
        assert roomy.advice() is None


@pytest.mark.both_databases
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the shared index is PostgreSQL's")
def test_status_prints_the_index_sizes_and_the_buffers(small_index: PlatformIndex) -> None:
    before = index_memory()
    engine = small_index.resources
    load_small_collection(SharedCollection(9, engine.config, encoder=engine.encoder_), small_index)
    after = index_memory()
    # The new collection's graph and postings are counted; the test server keeps
    # PostgreSQL's installation default for its buffers.
    assert after.graphs > before.graphs
    assert after.postings >= before.postings > 0
    assert after.shared_buffers == 128 * MB
    assert after.fits
    out = StringIO()
    with translation.override("en"):
        call_command("index", "status", stdout=out)
    assert "Server buffers (shared_buffers) 128.0\xa0MB; vector graphs" in out.getvalue()
    assert "restart PostgreSQL" not in out.getvalue()


@pytest.mark.both_databases
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the shared index is PostgreSQL's")
def test_a_documents_vectors_are_kept_in_its_row() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute "
            "WHERE attrelid = 'matching_indexeddocument'::regclass "
            "AND attname IN ('embedding', 'keyword_embedding') ORDER BY attname"
        )
        assert cursor.fetchall() == [("embedding", "m"), ("keyword_embedding", "m")]
