"""The speed bench's fitted geometry: what it learns from grouped vectors and what it draws."""

from __future__ import annotations

import numpy as np

from techbridge_bench.speed import Collections, Geometry, neighbourhood


def _grouped(rng: np.random.Generator, groups: int, size: int, spread: float) -> np.ndarray:
    centres = rng.standard_normal((groups, 32)) * 0.3 + 1.0
    x = np.repeat(centres, size, axis=0) + spread * rng.standard_normal((groups * size, 32))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_the_fit_splits_the_spread_into_between_and_within_groups() -> None:
    rng = np.random.default_rng(0)
    tight = _grouped(rng, 40, 12, 0.02)
    loose = _grouped(rng, 40, 12, 0.2)
    labels = [f"g{i // 12}" for i in range(len(tight))]
    fit_tight = Geometry.fit(tight, labels)
    fit_loose = Geometry.fit(loose, labels)
    # within-group variance: the trace of F @ F.T
    within_tight = float((fit_tight.within**2).sum())
    within_loose = float((fit_loose.within**2).sum())
    assert within_loose > 20 * within_tight
    assert float((fit_tight.between**2).sum()) > 10 * within_tight
    np.testing.assert_allclose(fit_tight.mean, tight.mean(axis=0), atol=1e-5)


def test_drawn_documents_are_unit_vectors_near_their_topics_and_needs_lie_among_them() -> None:
    rng = np.random.default_rng(1)
    real = _grouped(rng, 60, 10, 0.05)
    geometry = Geometry.fit(real, [f"g{i // 10}" for i in range(len(real))])
    made = Collections(geometry, base=np.zeros((1, 32), dtype=np.float32))
    docs = made.documents(5_000, rng)
    np.testing.assert_allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)
    assert made.centres is not None and len(made.centres) == 500
    needs = made.needs(50, rng)
    assert needs is not None and needs.shape == (50, 32)
    # a need's nearest document is as close as a document's nearest other document
    own = neighbourhood(docs[:1000])
    asked = neighbourhood(docs, needs)
    assert abs(asked["cos_1"] - own["cos_1"]) < 0.05
    # and far closer than to random unit vectors of the same space
    noise = rng.standard_normal((5_000, 32)).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    assert asked["cos_1"] > neighbourhood(noise, needs)["cos_1"] + 0.2


def test_without_a_geometry_needs_are_searched_by_their_own_encoding() -> None:
    rng = np.random.default_rng(2)
    base = rng.standard_normal((8, 16)).astype(np.float32)
    made = Collections(None, base)
    assert made.name == "word-salad"
    assert made.documents(100, rng).shape == (100, 16)
    assert made.needs(10, rng) is None


def test_the_neighbourhood_of_a_low_dimensional_set_is_low() -> None:
    rng = np.random.default_rng(3)
    flat = np.zeros((3_000, 64), dtype=np.float32)
    flat[:, :3] = rng.standard_normal((3_000, 3))
    flat[:, 10] = 5.0
    flat /= np.linalg.norm(flat, axis=1, keepdims=True)
    full = rng.standard_normal((3_000, 64)).astype(np.float32)
    full /= np.linalg.norm(full, axis=1, keepdims=True)
    assert neighbourhood(flat)["lid"] < 6 < 20 < neighbourhood(full)["lid"]
