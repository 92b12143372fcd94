"""The shared index (PostgreSQL) ranks as the in-process engine does, on the demo's texts and
the real encoder: the same documents, vectors and links in both, the same needs asked."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from techbridge.matching.index import PlatformIndex
from techbridge.matching.models import IndexCollection, IndexedDocument, SharedIndexState
from techbridge.matching.services import need_text
from techbridge.matching.shared import (
    FULL_PRECISION_INDEX_PREFIX,
    HNSW_INDEX_PREFIX,
    SharedCollection,
    writer_lock,
)
from techbridge.needs.models import TechnologyNeed
from techbridge.testing.matching import fixed_small_sources, load_small_collection

pytestmark = [
    pytest.mark.both_databases,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the shared index lives in PostgreSQL"
    ),
]

TYPES = (["expert"], ["institute"], ["achievement"], None)


@pytest.fixture
def both(small_index: PlatformIndex) -> tuple[PlatformIndex, SharedCollection]:
    """The small demo index in process and the same documents in the shared index."""
    engine = small_index.resources
    shared = SharedCollection(IndexCollection.RESOURCES, engine.config, encoder=engine.encoder_)
    load_small_collection(shared, small_index)
    return small_index, shared


def _needs() -> list[TechnologyNeed]:
    sources = fixed_small_sources()
    ids = list(sources.needs.values_list("pk", flat=True)[:12])
    return list(TechnologyNeed.objects.filter(pk__in=ids).order_by("pk"))


def test_both_backends_hold_the_same_documents(both: Any) -> None:
    index, shared = both
    assert len(shared) == len(index.resources) > 100
    assert IndexedDocument.objects.filter(collection=IndexCollection.RESOURCES).count() == len(
        shared
    )


def test_top_ten_agree_on_the_demo_needs(both: Any) -> None:
    # Given the same collection in process and in PostgreSQL
    index, shared = both
    overlaps: list[float] = []
    worst = 0.0
    for need in _needs():
        text = need_text(need)
        vector = index.resources.encode_need(text, need.title)
        for types in TYPES:
            # When each ranks the need's resources of a type
            local = index.resources.match(
                text, entity_types=types, k=10, need_vector=vector, need_title=need.title
            )
            remote = shared.match(
                text, entity_types=types, k=10, need_vector=vector, need_title=need.title
            )
            a = [(m.entity_type, m.entity_id) for m in local]
            b = [(m.entity_type, m.entity_id) for m in remote]
            assert len(a) == len(b)
            if a:
                overlaps.append(len(set(a) & set(b)) / len(a))
            scores = {(m.entity_type, m.entity_id): m.score for m in remote}
            for m in local:
                if (m.entity_type, m.entity_id) in scores:
                    worst = max(worst, abs(scores[(m.entity_type, m.entity_id)] - m.score))
    # Then their top tens hold the same resources with the same scores
    assert overlaps and float(np.mean(overlaps)) >= 0.95, overlaps
    assert min(overlaps) >= 0.8, overlaps
    assert worst < 0.01


def test_evidence_and_explanations_agree(both: Any) -> None:
    index, shared = both
    need = _needs()[0]
    text = need_text(need)
    vector = index.resources.encode_need(text, need.title)
    local = index.resources.match(text, entity_types=["expert"], k=3, need_vector=vector)
    remote = shared.match(text, entity_types=["expert"], k=3, need_vector=vector)
    assert [m.entity_id for m in remote] == [m.entity_id for m in local]
    for a, b in zip(local, remote, strict=True):
        assert [e.doc_id for e in b.evidence] == [e.doc_id for e in a.evidence]
        assert b.terms_zh == a.terms_zh and b.terms_en == a.terms_en
        assert b.fit == a.fit


def test_a_removed_document_leaves_the_ranking(both: Any) -> None:
    _, shared = both
    need = _needs()[0]
    text = need_text(need)
    first = shared.match(text, entity_types=["expert"], k=1)[0]
    gone = [e.doc_id for e in first.evidence]
    writer_lock()
    # When every evidence document of the first expert is removed
    all_docs = IndexedDocument.objects.filter(
        entity_type="expert", entity_id=first.entity_id
    ).values_list("doc_id", flat=True)
    assert shared.remove(list(all_docs)) >= len(gone)
    # Then the expert is no longer ranked, and the document frequencies follow
    after = shared.match(text, entity_types=["expert"], k=20)
    assert first.entity_id not in [m.entity_id for m in after]
    assert not IndexedDocument.objects.filter(doc_id__in=gone).exists()


def test_search_returns_documents_like_the_engine(both: Any) -> None:
    index, shared = both
    need = _needs()[1]
    text = need_text(need)
    vector = index.resources.encode_need(text, need.title)
    local = [h.doc_id for h in index.resources.search(text, k=10, need_vector=vector)]
    remote = [h.doc_id for h in shared.search(text, k=10, need_vector=vector)]
    assert len(set(local) & set(remote)) >= 9


def test_a_need_reads_the_portfolio_statistics_only_when_their_version_changes(
    both: Any,
) -> None:
    _, shared = both
    need = need_text(_needs()[0])
    assert shared.match(need, k=5)  # the first need of a process reads them
    blob = re.compile(r'\."portfolio"(?! IS NOT NULL)')  # the column itself, not its presence

    def portfolio_reads() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert shared.match(need, k=5)
        return sum(bool(blob.search(q["sql"])) for q in queries.captured_queries)

    assert portfolio_reads() == 0
    # When a writer stores new statistics, the next need reads them, once
    SharedIndexState.objects.filter(collection=shared.collection).update(
        portfolio_version=F("portfolio_version") + 1
    )
    assert portfolio_reads() == 1
    assert portfolio_reads() == 0


def _vector_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [IndexedDocument._meta.db_table, "%USING hnsw%"],
        )
        return {row[0] for row in cursor.fetchall()}


def test_only_the_text_vectors_have_an_hnsw_index(both: Any) -> None:
    # Given the collection's vector indexes, and an index over the keyword vectors as an
    # older installation holds it
    _, shared = both
    text_index = f"{HNSW_INDEX_PREFIX}{shared.collection}_{shared.dim}"
    keyword_index = f"matching_shared_keyword_embedding_{shared.collection}_{shared.dim}"
    assert text_index in _vector_indexes()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX {keyword_index} ON {IndexedDocument._meta.db_table} USING hnsw "
            f"((keyword_embedding::vector({shared.dim})) vector_ip_ops) "
            f"WHERE collection = {shared.collection} AND keyword_embedding IS NOT NULL"
        )
    # When the indexes are ensured again
    shared.ensure_vector_indexes()
    # Then the text vectors keep theirs and the keyword vectors have none (no query uses it)
    assert text_index in _vector_indexes()
    assert keyword_index not in _vector_indexes()


def _full_precision_graph(shared: SharedCollection) -> str:
    """Replace the collection's graph by one over full-precision vectors, as an installation
    of an earlier version holds it; returns its name."""
    old = f"{FULL_PRECISION_INDEX_PREFIX}{shared.collection}_{shared.dim}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {HNSW_INDEX_PREFIX}{shared.collection}_{shared.dim}")
        cursor.execute(
            f"CREATE INDEX {old} ON {IndexedDocument._meta.db_table} USING hnsw "
            f"((embedding::vector({shared.dim})) vector_ip_ops) "
            f"WHERE collection = {shared.collection}"
        )
    return old


def _search_plan(shared: SharedCollection) -> str:
    vector = "[" + ",".join(["0.05"] * shared.dim) + "]"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT key FROM {IndexedDocument._meta.db_table} "
            f"WHERE collection = {shared.collection} "
            f"ORDER BY (embedding::halfvec({shared.dim})) <#> %s::halfvec({shared.dim}) LIMIT 10",
            [vector],
        )
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_graph_holds_half_precision_vectors_and_serves_the_search(both: Any) -> None:
    # Given a collection whose graph holds full-precision vectors (an earlier version's)
    _, shared = both
    half = f"{HNSW_INDEX_PREFIX}{shared.collection}_{shared.dim}"
    old = _full_precision_graph(shared)
    assert half not in _vector_indexes()
    # When the indexes are ensured again
    shared.ensure_vector_indexes()
    # Then the graph holds half-precision vectors, the old one is gone, and a need's search
    # is an index scan of it
    assert half in _vector_indexes()
    assert old not in _vector_indexes()
    assert f"Index Scan using {half}" in _search_plan(shared)


def test_the_migration_makes_the_half_precision_graph_of_an_earlier_installation(
    both: Any,
) -> None:
    import importlib

    migration = importlib.import_module("techbridge.matching.migrations.0006_half_precision_graph")
    # Given an earlier installation's graph
    _, shared = both
    half = f"{HNSW_INDEX_PREFIX}{shared.collection}_{shared.dim}"
    old = _full_precision_graph(shared)
    # When the migration runs forwards
    with connection.schema_editor() as editor:
        migration.half_precision(None, editor)
    # Then the collection has the half-precision graph only
    assert half in _vector_indexes() and old not in _vector_indexes()
    # and backwards, the full-precision one again
    with connection.schema_editor() as editor:
        migration.full_precision(None, editor)
    assert old in _vector_indexes() and half not in _vector_indexes()


def test_both_backends_leave_the_needs_boilerplate_out_of_explanations_alike(both: Any) -> None:
    from techbridge.engine import Document
    from techbridge.engine.text import analyze

    index, shared = both
    need = _needs()[0]
    text = need_text(need)
    vector = index.resources.encode_need(text, need.title)
    plain = index.resources.match(text, entity_types=["expert"], k=3, need_vector=vector)
    # Given a word the explanations show, and a needs' collection of 120 where 100 hold it
    word = next(w for m in plain for w in m.terms_zh + m.terms_en if len(analyze(w)) == 1)
    term = analyze(word)[0].term
    needs = SharedCollection(IndexCollection.NEEDS, shared.config, encoder=shared.encoder_)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(120, shared.dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    writer_lock()
    needs.add(
        [Document(f"need:{i}", str(i), "need", text=f"need {i}") for i in range(120)],
        vectors=vectors,
        terms=[[term, f"other{i}"] if i < 100 else [f"other{i}"] for i in range(120)],
    )
    # When both backends explain the need's matches with the needs as its collection
    local = index.resources.match(
        text,
        entity_types=["expert"],
        k=3,
        need_vector=vector,
        framing=(lambda t: 100 if t == term else 0, 120),
    )
    remote = shared.match(
        text,
        entity_types=["expert"],
        k=3,
        need_vector=vector,
        framing_collection=IndexCollection.NEEDS,
    )
    # Then neither shows the word alone, and they show the same terms
    for a, b in zip(local, remote, strict=True):
        assert word not in a.terms_zh + a.terms_en
        assert b.terms_zh == a.terms_zh and b.terms_en == a.terms_en
