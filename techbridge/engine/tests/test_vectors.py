from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from techbridge.engine.vectors import (
    AutoIndex,
    ExactIndex,
    HNSWIndex,
    VectorIndex,
    load_index,
)


def _unit(rows: int, dim: int, seed: int = 0) -> npt.NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dim))
    x = centres[rng.integers(0, 20, rows)] + 0.2 * rng.standard_normal((rows, dim))
    unit: npt.NDArray[np.float32] = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(
        np.float32
    )
    return unit


def test_exact_index_by_hand() -> None:
    index = ExactIndex(2)
    index.add(np.array([5, 6, 7]), np.array([[1, 0], [0, 1], [0.6, 0.8]], dtype=np.float32))
    keys, scores = index.search(np.array([[1.0, 0.0]], dtype=np.float32), 2)
    assert keys.tolist() == [[5, 7]]
    assert scores[0].tolist() == pytest.approx([1.0, 0.6])
    index.remove(np.array([5]))
    keys, _ = index.search(np.array([[1.0, 0.0]], dtype=np.float32), 5)
    assert keys.tolist() == [[7, 6, -1, -1, -1]]
    assert index.score(np.array([0.0, 1.0], dtype=np.float32), np.array([6, 99])).tolist() == [
        1.0,
        -np.inf,
    ]


def test_hnsw_agrees_with_exact_within_tolerance() -> None:
    x = _unit(3000, 32)
    keys = np.arange(100, 3100)
    # one build thread: a multi-threaded usearch build inserts in a varying order, so its graph
    # (and recall: 0.94-0.964 over 8 builds of this data) changes from run to run
    exact, hnsw = ExactIndex(32), HNSWIndex(32, threads=1)
    exact.add(keys, x)
    hnsw.add(keys, x)
    queries = _unit(50, 32, seed=1)
    ek, es = exact.search(queries, 10)
    hk, hs = hnsw.search(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ek, hk, strict=True)])
    assert recall >= 0.95
    # where both return a key, its score agrees to half-precision accuracy
    for row in range(len(queries)):
        exact_scores = dict(zip(ek[row].tolist(), es[row].tolist(), strict=True))
        for key, score in zip(hk[row].tolist(), hs[row].tolist(), strict=True):
            if key in exact_scores:
                assert score == pytest.approx(exact_scores[key], abs=0.01)


def test_replace_and_remove_in_hnsw() -> None:
    index = HNSWIndex(4)
    index.add(np.array([1, 2]), np.eye(4, dtype=np.float32)[:2])
    index.add(np.array([1]), np.eye(4, dtype=np.float32)[2:3])  # replace key 1
    keys, _ = index.search(np.eye(4, dtype=np.float32)[2:3], 1)
    assert keys.tolist() == [[1]]
    index.remove(np.array([1]))
    assert len(index) == 1 and 1 not in index


def test_auto_switches_to_hnsw_and_keeps_results(tmp_path: Path) -> None:
    x = _unit(600, 16)
    auto = AutoIndex(16, threshold=500, approximate_kind="hnsw")
    auto.add(np.arange(400), x[:400])
    assert not auto.approximate
    auto.add(np.arange(400, 600), x[400:])
    assert auto.approximate and len(auto) == 600
    assert isinstance(auto, VectorIndex)
    keys, _ = auto.search(x[:5], 1)
    assert keys[:, 0].tolist() == [0, 1, 2, 3, 4]
    auto.save(tmp_path / "v")
    again = load_index(tmp_path / "v")
    assert again.search(x[:5], 1)[0][:, 0].tolist() == [0, 1, 2, 3, 4]


def test_exact_save_load(tmp_path: Path) -> None:
    index = ExactIndex(3)
    index.add(np.array([9]), np.array([[0, 0, 1]], dtype=np.float32))
    index.save(tmp_path / "e")
    again = load_index(tmp_path / "e")
    assert isinstance(again, ExactIndex) and 9 in again


def test_an_index_of_a_kind_this_version_lacks_is_refused_clearly(tmp_path: Path) -> None:
    # Given an index folder saved by a version with an inverted-file index
    (tmp_path / "meta.json").write_text('{"format": 1, "kind": "ivf", "dim": 16}')
    # Then loading it says to build the index again
    with pytest.raises(ValueError, match="build the index again"):
        load_index(tmp_path)
    with pytest.raises(ValueError, match="build the index again"):
        AutoIndex(16, approximate_kind="ivf")
