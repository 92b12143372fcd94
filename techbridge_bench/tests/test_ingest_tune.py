"""The automatic-link threshold is chosen on the corpora it may look at, and scored on each
one left out."""

from __future__ import annotations

from typing import Any

from techbridge_bench.ingest_tune import choose, cross_validate


def _figures(rows: dict[tuple[int, float], tuple[float, float]]) -> dict[Any, dict[str, float]]:
    return {k: {"link_precision": p, "link_recall": r} for k, (p, r) in rows.items()}


FIGURES = _figures(
    {
        (0, 0.7): (0.985, 0.70),
        (0, 0.8): (0.990, 0.60),
        (1, 0.7): (0.975, 0.72),
        (1, 0.8): (0.988, 0.61),
        (2, 0.7): (0.983, 0.69),
        (2, 0.8): (0.991, 0.58),
    }
)


def test_the_lowest_threshold_precise_enough_on_every_seed_is_chosen() -> None:
    assert choose(FIGURES, [0, 2], [0.8, 0.7], 0.98) == 0.7
    assert choose(FIGURES, [0, 1, 2], [0.7, 0.8], 0.98) == 0.8  # seed 1 is below at 0.7
    assert choose(FIGURES, [0, 1, 2], [0.7, 0.8], 0.995) is None


def test_each_seed_left_out_is_scored_at_the_threshold_the_others_chose() -> None:
    folds = cross_validate(FIGURES, [0, 1, 2], [0.7, 0.8], 0.98)
    assert folds == [
        {"left_out": 0, "threshold": 0.8, "precision": 0.990, "recall": 0.60},
        {"left_out": 1, "threshold": 0.7, "precision": 0.975, "recall": 0.72},
        {"left_out": 2, "threshold": 0.8, "precision": 0.991, "recall": 0.58},
    ]
