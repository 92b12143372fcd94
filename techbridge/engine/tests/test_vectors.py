from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from techbridge.engine.vectors import (
    AutoIndex,
    ExactIndex,
    HNSWIndex,
    IVFIndex,
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


def test_ivf_agrees_with_exact_within_tolerance() -> None:
    # Given clustered vectors in an exact and an IVF (8-bit) index
    x = _unit(3000, 32)
    keys = np.arange(100, 3100)
    exact, ivf = ExactIndex(32), IVFIndex(32, nprobe=8, min_train=1000)
    exact.add(keys, x)
    ivf.add(keys, x)
    assert ivf.trained and len(ivf) == 3000
    # When both are searched
    queries = _unit(50, 32, seed=1)
    ek, es = exact.search(queries, 10)
    ik, is_ = ivf.search(queries, 10)
    # Then the top 10 mostly agree and shared keys' scores agree to 8-bit accuracy
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ek, ik, strict=True)])
    assert recall >= 0.9
    for row in range(len(queries)):
        exact_scores = dict(zip(ek[row].tolist(), es[row].tolist(), strict=True))
        for key, score in zip(ik[row].tolist(), is_[row].tolist(), strict=True):
            if key in exact_scores:
                assert score == pytest.approx(exact_scores[key], abs=0.02)
    # and score() reads the very codes the search re-scored with (its copy by key)
    for row in range(5):
        assert ivf.score(queries[row], ik[row]) == pytest.approx(is_[row], abs=1e-5)


def test_ivf_rescoring_kernel_reads_the_8bit_codes_as_faiss_decodes_them() -> None:
    # Given an IVF index over 2,000 vectors
    x = _unit(2000, 16)
    ivf = IVFIndex(16, min_train=1000)
    ivf.add(np.arange(2000), x)
    # When its 8-bit codes are decoded by faiss (cell centroid + residual) and by items()
    raw = ivf.coder_.sa_encode(x)
    by_faiss = ivf.coder_.sa_decode(raw)
    keys, decoded = ivf.items()
    # Then both agree, and score() (the numba kernel on the codes) is their inner product
    assert keys.tolist() == list(range(2000))
    assert decoded == pytest.approx(by_faiss, abs=1e-6)
    q = _unit(1, 16, seed=3)[0]
    assert ivf.score(q, keys) == pytest.approx(by_faiss @ q, abs=1e-5)
    # and they are the vectors to 8-bit accuracy
    assert np.abs(decoded - x).max() < 0.02


def test_ivf_rescores_at_least_twice_k_candidates() -> None:
    # Given an IVF index that re-scores only 100 candidates by default
    x = _unit(3000, 16)
    ivf = IVFIndex(16, nprobe=64, min_train=1000, refine=100)
    ivf.add(np.arange(3000), x)
    exact = ExactIndex(16)
    exact.add(np.arange(3000), x)
    # When 500 results are asked for
    keys, scores = ivf.search(x[:1], 500)
    # Then 500 come back in score order (the scan kept 1,000 for re-scoring)
    assert (keys[0] >= 0).all() and len(set(keys[0].tolist())) == 500
    assert (np.diff(scores[0]) <= 0).all()
    # and with every cell probed they are the exact top 500 but for near-ties
    ek, _ = exact.search(x[:1], 500)
    assert len(set(keys[0].tolist()) & set(ek[0].tolist())) >= 480


def test_ivf_reads_the_older_8bit_only_format(tmp_path: Path) -> None:
    # Given an index saved in the format before the 4-bit scan: one faiss IVF file of 8-bit
    # codes (ivf.faiss) and its meta.json
    import json

    import faiss

    x = _unit(1500, 16)
    keys = np.arange(10, 1510)
    quantizer = faiss.IndexFlatIP(16)
    old = faiss.IndexIVFScalarQuantizer(
        quantizer, 16, 32, faiss.ScalarQuantizer.QT_8bit_uniform, faiss.METRIC_INNER_PRODUCT
    )
    old.train(x)
    old.add_with_ids(x, keys)
    folder = tmp_path / "old"
    folder.mkdir()
    faiss.write_index(old, str(folder / "ivf.faiss"))
    meta = {"format": 1, "kind": "ivf", "dim": 16, "nprobe": 32, "min_train": 1000}
    (folder / "meta.json").write_text(json.dumps(meta))
    # When it is loaded
    again = load_index(folder)
    # Then its vectors are built into the current structure, and it searches and saves
    assert isinstance(again, IVFIndex) and again.trained and len(again) == 1500
    assert again.search(x[5:6], 1)[0][0, 0] == 15
    assert again.score(x[5], np.array([15]))[0] == pytest.approx(1.0, abs=0.02)
    again.save(folder)
    assert not (folder / "ivf.faiss").exists() and (folder / "scan.faiss").exists()
    assert len(load_index(folder)) == 1500


def test_ivf_buffers_until_trained_then_replaces_and_removes(tmp_path: Path) -> None:
    x = _unit(1200, 8)
    ivf = IVFIndex(8, min_train=1000)
    ivf.add(np.arange(500), x[:500])
    assert not ivf.trained and 3 in ivf  # exact buffer below min_train
    ivf.add(np.arange(500, 1200), x[500:])
    assert ivf.trained and len(ivf) == 1200
    ivf.add(np.array([3]), x[7:8])  # replace key 3
    assert len(ivf) == 1200
    assert ivf.score(x[7], np.array([3, 5000]))[0] == pytest.approx(1.0, abs=0.02)
    assert ivf.score(x[7], np.array([3, 5000]))[1] == -np.inf
    ivf.remove(np.array([3, 4]))
    assert len(ivf) == 1198 and 3 not in ivf and 5 in ivf
    before = ivf.score(x[11], np.arange(5, 1200))
    ivf.save(tmp_path / "i")
    again = load_index(tmp_path / "i")
    assert isinstance(again, IVFIndex) and len(again) == 1198 and 3 not in again
    assert again.score(x[11], np.arange(5, 1200)) == pytest.approx(before, abs=5e-3)
    assert again.search(x[10:11], 1)[0][0, 0] == 10


def test_auto_switches_to_ivf_by_default() -> None:
    x = _unit(1500, 16)
    auto = AutoIndex(16, threshold=1000, min_train=500)
    auto.add(np.arange(900), x[:900])
    assert not auto.approximate
    auto.add(np.arange(900, 1500), x[900:])
    assert isinstance(auto.inner_, IVFIndex) and len(auto) == 1500
    assert auto.search(x[:3], 1)[0][:, 0].tolist() == [0, 1, 2]


def test_ivf_saved_untrained_over_a_trained_save_loads_as_saved(tmp_path: Path) -> None:
    # Given a folder that holds a trained IVF index
    x = _unit(1200, 8)
    trained = IVFIndex(8, min_train=1000)
    trained.add(np.arange(1200), x)
    trained.save(tmp_path / "i")
    # When an untrained one (3 vectors in its exact buffer) is saved to the same folder
    small = IVFIndex(8, min_train=1000)
    small.add(np.arange(3), x[:3])
    small.save(tmp_path / "i")
    # Then loading gives the untrained one back, not the earlier trained files
    again = load_index(tmp_path / "i")
    assert isinstance(again, IVFIndex) and not again.trained and len(again) == 3
