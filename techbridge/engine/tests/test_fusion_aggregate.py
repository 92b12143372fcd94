import math

import numpy as np
import pytest

from techbridge.engine.aggregate import aggregate_scores, decay_weights
from techbridge.engine.fusion import bm25_ceiling, fuse, normalise_dense, normalise_lexical


def test_decay_weights() -> None:
    assert decay_weights(3, 0.5).tolist() == [1.0, 0.5, 0.25]
    assert decay_weights(2, 0.0).tolist() == [1.0, 0.0]


def test_aggregate_top_k_decayed_mean_by_hand() -> None:
    # entity 0 has scores 0.9, 0.5, 0.1; entity 1 has 0.4; entity 2 nothing
    scores = np.array([0.5, 0.9, 0.4, 0.1], dtype=np.float32)
    groups = np.array([0, 0, 1, 0])
    out, seen = aggregate_scores(scores, groups, 3, k=2, decay=0.5)
    assert out[0] == pytest.approx((0.9 + 0.5 * 0.5) / 1.5)
    assert out[1] == pytest.approx(0.4)
    assert seen.tolist() == [True, True, False]
    top1, _ = aggregate_scores(scores, groups, 3, k=1, decay=1.0)
    assert top1[0] == pytest.approx(0.9)


def test_normalise_and_fuse() -> None:
    dense = normalise_dense(np.array([0.7, 0.85, 1.0, 0.5], dtype=np.float32), floor=0.7)
    assert dense.tolist() == pytest.approx([0.0, 0.5, 1.0, 0.0])
    lex = normalise_lexical(np.array([2.0, 4.0], dtype=np.float32), "max", ceiling=0)
    assert lex.tolist() == [0.5, 1.0]
    lex_q = normalise_lexical(np.array([2.0, 4.0], dtype=np.float32), "query", ceiling=8.0)
    assert lex_q.tolist() == [0.25, 0.5]
    fused = fuse(np.array([1.0, 0.0]), np.array([0.0, 1.0]), dense_weight=0.75)
    assert fused.tolist() == [0.75, 0.25]


def test_bm25_ceiling_by_hand() -> None:
    df = {"a": 1, "b": 10}.get
    got = bm25_ceiling(["a", "a", "b", "zzz"], lambda t: df(t) or 0, n_docs=10, k1=1.2)
    idf_a = math.log(1 + (10 - 1 + 0.5) / 1.5)
    idf_b = math.log(1 + 0.5 / 10.5)
    assert got == pytest.approx(2.2 * (2 * idf_a + idf_b))
