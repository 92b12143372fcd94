"""The catalog of documents and entities, and how candidate documents reach their entities."""

import numpy as np

from techbridge.engine.aggregate import best_rows, entity_rows, top_entities
from techbridge.engine.catalog import Catalog
from techbridge.engine.documents import Document


def _doc(doc_id: str, expert: str) -> Document:
    return Document(doc_id, entity_id=expert, entity_type="expert", title=doc_id.upper())


def test_a_removed_documents_key_goes_to_the_next_new_document() -> None:
    catalog = Catalog()
    keys = catalog.register([_doc("p1", "1"), _doc("p2", "1"), _doc("p3", "2")])
    assert keys.tolist() == [0, 1, 2]
    assert catalog.release(["p2", "unknown"]) == [1]
    assert catalog.register([_doc("p4", "2"), _doc("p1", "2")]).tolist() == [1, 0]
    assert catalog.doc_ids == ["p1", "p4", "p3"]
    assert [catalog.entities[e] for e in catalog.doc_entity[:3]] == [("expert", "2")] * 3
    assert catalog.keys_of(["p3", "p2", "p1"]) == [2, 0]
    assert [row[1] for row in catalog.documents()] == ["p1", "p4", "p3"]


def test_a_document_counts_for_its_entity_then_its_ancestors() -> None:
    # Given expert 1 at institute A, itself a member of partner P, and expert 2 unlinked
    catalog = Catalog()
    catalog.register([_doc("p1", "1"), _doc("p2", "2")])
    catalog.link(("expert", "1"), ("institute", "A"))
    catalog.link(("institute", "A"), ("partner", "P"))
    expert1, expert2 = catalog.entity(("expert", "1")), catalog.entity(("expert", "2"))
    institute, partner = catalog.entity(("institute", "A")), catalog.entity(("partner", "P"))
    assert catalog.ancestors(expert1) == [institute, partner]
    # When candidates p2, p1 (keys 1, 0) are expanded
    rows, groups = entity_rows(catalog, np.array([1, 0], dtype=np.int64), None)
    # Then each row counts for its entity first, then the ancestors, rows in order
    assert rows.tolist() == [0, 1, 1, 1]
    assert groups.tolist() == [expert2, expert1, institute, partner]
    rows, groups = entity_rows(catalog, np.array([1, 0], dtype=np.int64), {"institute"})
    assert (rows.tolist(), groups.tolist()) == ([1], [institute])
    assert catalog.unlink(("expert", "1"), ("institute", "A"))
    assert not catalog.unlink(("expert", "9"), ("institute", "A"))
    assert catalog.ancestors(expert1) == []


def test_ranking_and_evidence_rows() -> None:
    scores = np.array([0.2, 0.9, 0.0, 0.9], dtype=np.float32)
    seen = np.array([True, True, False, True])
    assert top_entities(scores, seen, 0).tolist() == [1, 3, 0]  # ties: lower index first
    assert top_entities(scores, seen, 2).tolist() == [1, 3]
    rows = np.array([0, 1, 2, 3], dtype=np.int64)
    groups = np.array([5, 7, 5, 5], dtype=np.int64)
    fused = np.array([0.1, 0.8, 0.3, 0.2], dtype=np.float32)
    assert best_rows(rows, groups, fused, 5, 2).tolist() == [2, 3]
