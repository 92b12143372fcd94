import math

import pytest

from techbridge.engine.lexical import LexicalIndex

DOCS = [["laser", "clad", "titanium"], ["laser", "weld"], ["neural", "network", "network"]]


def lucene_bm25(query: list[str], docs: list[list[str]], d: int, k1: float, b: float) -> float:
    """Reference Lucene BM25, written out by hand."""
    n = len(docs)
    avgdl = sum(map(len, docs)) / n
    score = 0.0
    for term in query:
        df = sum(term in doc for doc in docs)
        if not df:
            continue
        tf = docs[d].count(term)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        score += idf * tf / (tf + k1 * (1 - b + b * len(docs[d]) / avgdl))
    return score


def test_scores_match_hand_written_bm25() -> None:
    index = LexicalIndex(k1=1.2, b=0.75).fit([10, 11, 12], DOCS)
    keys, scores = index.search(["laser", "titanium"], k=3)
    assert keys.tolist() == [10, 11]
    for key, score in zip(keys.tolist(), scores.tolist(), strict=True):
        expected = lucene_bm25(["laser", "titanium"], DOCS, key - 10, 1.2, 0.75)
        assert score == pytest.approx(expected, rel=1e-5)


def test_incremental_add_remove_replace() -> None:
    index = LexicalIndex(min_merge=100).fit([1, 2, 3], DOCS)
    index.add([4], [["titanium", "alloy"]])
    assert 4 in index.search(["alloy"], k=5)[0].tolist()
    index.remove([1])
    assert index.search(["clad"], k=5)[0].tolist() == []
    index.add([2], [["graphene"]])  # replace doc 2
    assert index.search(["weld"], k=5)[0].tolist() == []
    assert index.search(["graphene"], k=5)[0].tolist() == [2]
    assert len(index) == 3


def test_merge_matches_a_fresh_build() -> None:
    index = LexicalIndex(min_merge=1, merge_ratio=0.0).fit([1, 2], DOCS[:2])
    index.add([3], [DOCS[2]])
    index.add([4], [["laser"]])  # passes the threshold: merged into main
    fresh = LexicalIndex().fit([1, 2, 3, 4], [*DOCS, ["laser"]])
    got, want = index.search(["laser", "network"], 4), fresh.search(["laser", "network"], 4)
    assert got[0].tolist() == want[0].tolist()
    assert got[1].tolist() == pytest.approx(want[1].tolist())


def test_save_load_roundtrip(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path))
    index = LexicalIndex().fit([1, 2, 3], DOCS)
    index.save(path / "lex")
    again = LexicalIndex.load(path / "lex")
    assert again.search(["laser"], 3)[0].tolist() == index.search(["laser"], 3)[0].tolist()
    assert again.document_frequency("laser") == 2
