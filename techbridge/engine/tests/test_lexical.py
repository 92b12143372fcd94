import math
from collections import Counter
from pathlib import Path

import numpy as np
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


def test_top_k_over_live_documents_equals_the_full_ranking() -> None:
    # Given a Zipf-like corpus where a few terms occur in most documents, some deleted
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(300)]
    p = 1.0 / np.arange(1, 301)
    p /= p.sum()
    docs = [[vocab[j] for j in rng.choice(300, size=30, p=p)] for _ in range(3000)]
    index = LexicalIndex().fit(range(3000), docs)
    index.remove(list(range(0, 3000, 7)))
    seg = index.main_
    assert seg is not None
    for q in range(20):
        query = [vocab[j] for j in rng.choice(300, size=12, p=p)]
        # When the top 10 is taken
        keys, scores = index.search(query, 10)
        # Then it is the top 10 of the full ranking over the live documents
        full = seg.scores(Counter(query))
        full[~seg.live] = 0
        expected = np.sort(full)[::-1][:10]
        assert np.allclose(np.sort(scores)[::-1], expected, rtol=1e-5), q
        assert all(k % 7 for k in keys.tolist())


def test_document_frequency_follows_deletes() -> None:
    index = LexicalIndex().fit([1, 2, 3], [["a", "b"], ["a"], ["b", "b"]])
    assert index.document_frequency("a") == 2
    index.remove([2])
    assert index.document_frequency("a") == 1
    assert index.document_frequency("b") == 2


def test_compiled_search_of_large_segments_equals_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a collection searched by numpy and the same one searched by the compiled kernel
    # (the path segments of NUMBA_MIN_DOCS documents and more take)
    from techbridge.engine import lexical

    rng = np.random.default_rng(7)
    vocab = [f"t{i}" for i in range(300)]
    p = 1.0 / np.arange(1, 301)
    docs = [[vocab[j] for j in rng.choice(300, size=12, p=p / p.sum())] for _ in range(3000)]
    keys = list(range(1000, 4000))
    plain = LexicalIndex(min_merge=10_000).fit(keys, docs)
    monkeypatch.setattr(lexical, "NUMBA_MIN_DOCS", 1000)
    compiled = LexicalIndex(min_merge=10_000).fit(keys, docs)
    assert compiled.main_ is not None and compiled.main_.compiled
    assert plain.main_ is not None and not plain.main_.compiled
    # when documents are deleted and the same needs are searched
    for index in (plain, compiled):
        index.remove(keys[:200])
    for need in (["t3", "t3", "t40", "t250"], ["t0", "t1", "t299"], ["t120"]):
        pk, ps = plain.search(need, k=50)
        ck, cs = compiled.search(need, k=50)
        # then both return the same live documents with the same scores
        assert not set(ck.tolist()) & set(keys[:200])
        assert np.allclose(np.sort(ps), np.sort(cs), rtol=1e-5)
        assert len(ck) == len(pk) and set(pk[ps > ps.min()].tolist()) <= set(ck.tolist())
    assert len(compiled.search(["nothing"], k=5)[0]) == 0


@pytest.mark.parametrize("parts", [1, 2, 3])
def test_the_compiled_kernel_splits_documents_into_ranges_without_losing_any(parts: int) -> None:
    # Given a segment and a need whose terms' postings cross every range boundary
    from techbridge.engine.lexical import _kernel, _Segment

    docs = [["a", "b"] if i % 2 else ["a", "c", "c"] for i in range(10)]
    seg = _Segment(np.arange(10, dtype=np.int64), docs, k1=1.2, b=0.75)
    terms = np.asarray([seg.vocab["a"], seg.vocab["c"]], dtype=np.int64)
    weights = np.asarray([1.0, 2.0], dtype=np.float32)
    mask = np.ones(10, dtype=np.uint8)
    mask[4] = 0  # a tombstone
    # when the kernel keeps the top 3 of each range
    pos, score = _kernel()(seg.data, seg.indptr, seg.indices, terms, weights, mask, 10, 3, parts)
    # then each range holds its own best live documents, scored as numpy scores them
    expected = seg.scores(Counter({"a": 1, "c": 2}))
    got = {int(p): float(s) for p, s in zip(pos.ravel(), score.ravel(), strict=True) if p >= 0}
    assert 4 not in got
    for p, s in got.items():
        assert s == pytest.approx(expected[p], rel=1e-6)
    for part in range(parts):
        lo, hi = part * 10 // parts, (part + 1) * 10 // parts
        live = [i for i in range(lo, hi) if i != 4 and expected[i] > 0]
        best = sorted((float(expected[i]) for i in live), reverse=True)[:3]
        mine = sorted((s for p, s in got.items() if lo <= p < hi), reverse=True)
        assert mine == pytest.approx(best, rel=1e-6)  # equal scores may swap places


def test_the_kernel_compiles_where_numba_finds_no_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Given a numba that finds no folder to cache compiled code in (a read-only install/home)
    import sys
    import tempfile

    import numba

    from techbridge.engine import lexical

    monkeypatch.setattr(numba.config, "CACHE_LOCATOR_CLASSES", "UserProvidedCacheLocator")
    monkeypatch.setattr(numba.config, "CACHE_DIR", "")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.delitem(sys.modules, "techbridge.engine._bm25_kernel", raising=False)
    # when the kernel is first needed
    kernel = lexical._kernel()
    # then it caches in the temp dir and scores
    cache_dir = numba.config.CACHE_DIR  # type: ignore[attr-defined]
    assert cache_dir == str(tmp_path / "techbridge-numba")
    data = np.asarray([1.0, 2.0], dtype=np.float32)
    pos, score = kernel(
        data,
        np.asarray([0, 2], dtype=np.int64),
        np.asarray([0, 1], dtype=np.int32),
        np.asarray([0], dtype=np.int64),
        np.asarray([1.0], dtype=np.float32),
        np.zeros(0, dtype=np.uint8),
        2,
        1,
        1,
    )
    assert pos.tolist() == [[1]] and score.tolist() == [[2.0]]


def test_stored_terms_leave_the_garbage_collectors_tracking() -> None:
    # Given an index of documents added whole, added one by one, and saved and loaded
    import gc
    import tempfile

    index = LexicalIndex()
    index.fit([1, 2], [["laser", "clad"], ["锂电池", "隔膜"]])
    index.add([3], [["titanium", "alloy"]])
    with tempfile.TemporaryDirectory() as tmp:
        index.save(Path(tmp) / "lex")
        again = LexicalIndex.load(Path(tmp) / "lex")
    # When the collector has run once
    gc.collect()
    # Then no document's terms are a container it must walk at every full collection (a million
    # 40-term lists cost 0.56 s a collection), and the terms are unchanged
    for idx in (index, again):
        assert not any(gc.is_tracked(terms) for terms in idx.tokens_.values())
        assert idx.tokens_[3] == ("titanium", "alloy")
        assert idx.search(["titanium"], 1)[0].tolist() == [3]
