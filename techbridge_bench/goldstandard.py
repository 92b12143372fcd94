"""Gold-standard figures inside the bench: loss per group of researchers, folds, the held-out
split, and the score-to-fit calibration with its band table.

The loss is the one of ``shared/bench/score_goldstandard.py`` (a wrong order of two papers a
researcher rated differently costs the rating gap, a tie half of it; divided by the sum of the
gaps; averaged over the ten copies), computed here over any subset of researchers.

Researchers are sorted by id. The **held-out split** is every 5th of them (positions 4, 9, ...,
i.e. ``i % 5 == 4``): never used to fit the calibration and reported beside the rest ("dev").
The **folds** of ``--cv K`` split the other researchers by position (``i % K``).
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from techbridge.engine.calibration import FitCalibration

__all__ = [
    "BANDS",
    "EXPERT_LEVEL",
    "Pairs",
    "Ratings",
    "Scores",
    "band_table",
    "calibrate_cv",
    "fold_losses",
    "format_bands",
    "gold_loss",
    "read_ratings",
    "runs_from_rows",
    "split_researchers",
]

# A researcher's rating of a paper: {researcher: {paper: rating 1-5}}.
Ratings = dict[str, dict[str, float]]
# One copy's predictions: {researcher: {paper: score}}; a run is one per d_20_k copy.
Scores = dict[str, dict[str, float]]

EXPERT_LEVEL = 4.0
BANDS = (0, 20, 40, 60, 80, 101)


def read_ratings(path: Path) -> Ratings:
    """``evaluations.csv`` (tab-separated): each researcher's rated papers."""
    out: Ratings = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            rated = {}
            for k in range(1, 11):
                paper, rating = row.get(f"Paper{k}") or "", row.get(f"Expertise{k}") or ""
                if paper and rating:
                    rated[paper] = float(rating)
            out[row["ParticipantID"]] = rated
    return out


def split_researchers(ids: Iterable[str], k: int) -> tuple[list[list[str]], list[str]]:
    """(``k`` folds of the dev researchers, the held-out split), by position in sorted ids."""
    ordered = sorted(ids, key=lambda r: (len(r), r))
    held_out = [r for i, r in enumerate(ordered) if i % 5 == 4]
    dev = [r for i, r in enumerate(ordered) if i % 5 != 4]
    return [dev[f::k] for f in range(k)], held_out


def _copy_loss(truth: Ratings, pred: Scores, researchers: Sequence[str]) -> float:
    loss = weight = 0.0
    for r in researchers:
        rated, got = truth.get(r, {}), pred.get(r, {})
        papers = sorted(rated)
        for i, a in enumerate(papers):
            for b in papers[i + 1 :]:
                ea, eb = rated[a], rated[b]
                if ea == eb:
                    continue
                sa, sb = got.get(a, 0.0), got.get(b, 0.0)
                right = 0.5 if sa == sb else float((sa - sb) * (ea - eb) > 0)
                loss += abs(ea - eb) * (1 - right)
                weight += abs(ea - eb)
    return loss / weight if weight else math.nan


def gold_loss(truth: Ratings, runs: Sequence[Scores], researchers: Sequence[str]) -> float:
    """The scorer's loss over ``researchers``, averaged over the copies."""
    return float(np.mean([_copy_loss(truth, pred, researchers) for pred in runs]))


@dataclass(frozen=True)
class Pairs:
    """Rated pairs of every copy: engine score, rating, researcher."""

    score: np.ndarray
    rating: np.ndarray
    researcher: np.ndarray

    @classmethod
    def collect(cls, truth: Ratings, runs: Sequence[Scores]) -> Pairs:
        s: list[float] = []
        g: list[float] = []
        who: list[str] = []
        for pred in runs:
            for r, rated in truth.items():
                for paper, rating in rated.items():
                    if paper in pred.get(r, {}):
                        s.append(pred[r][paper])
                        g.append(rating)
                        who.append(r)
        return cls(np.asarray(s), np.asarray(g), np.asarray(who))

    def of(self, researchers: Sequence[str]) -> Pairs:
        keep = np.isin(self.researcher, list(researchers))
        return Pairs(self.score[keep], self.rating[keep], self.researcher[keep])


def _fit(pairs: Pairs, fitted_on: str = "") -> FitCalibration:
    return FitCalibration(fitted_on).fit(
        pairs.score.tolist(), (pairs.rating >= EXPERT_LEVEL).tolist()
    )


def band_table(fits: np.ndarray, ratings: np.ndarray) -> list[tuple[str, int, float, float]]:
    """Per fit band: (band, pairs, mean rating, share rated expert-level)."""
    rows = []
    for lo, hi in itertools.pairwise(BANDS):
        inside = (fits >= lo) & (fits < hi)
        n = int(inside.sum())
        mean = float(ratings[inside].mean()) if n else math.nan
        share = float((ratings[inside] >= EXPERT_LEVEL).mean()) if n else math.nan
        rows.append((f"{lo}-{min(hi, 100)}", n, mean, share))
    return rows


def format_bands(title: str, rows: Sequence[tuple[str, int, float, float]]) -> str:
    """The band table as text."""
    cells = "  ".join(
        f"{band:>6}: {n:4d} pairs, rating {mean:4.2f}, {share:4.0%} expert"
        if n
        else f"{band:>6}:    0 pairs"
        for band, n, mean, share in rows
    )
    return f"{title:<10} {cells}"


def calibrate_cv(
    truth: Ratings, runs: Sequence[Scores], folds: Sequence[Sequence[str]], held_out: Sequence[str]
) -> tuple[list[str], FitCalibration, dict[str, float]]:
    """Cross-validated band tables (each fold scored by a map fitted on the other folds),
    the pooled out-of-fold table, the held-out split's table under the map fitted on every
    dev researcher; returns the printed lines, that map and summary figures."""
    pairs = Pairs.collect(truth, runs)
    lines: list[str] = []
    oof_fit: list[np.ndarray] = []
    oof_rating: list[np.ndarray] = []
    corr: list[float] = []
    for f, fold in enumerate(folds):
        train = [r for g, other in enumerate(folds) if g != f for r in other]
        test = pairs.of(fold)
        fits = np.rint(100 * _fit(pairs.of(train)).probability(test.score))
        oof_fit.append(fits)
        oof_rating.append(test.rating)
        corr.append(_spearman(fits, test.rating))
        lines.append(format_bands(f"fold {f + 1}", band_table(fits, test.rating)))
    all_fit, all_rating = np.concatenate(oof_fit), np.concatenate(oof_rating)
    lines.append(format_bands("all folds", band_table(all_fit, all_rating)))
    dev = [r for fold in folds for r in fold]
    final = _fit(pairs.of(dev), fitted_on=f"goldstandard dev part, {len(dev)} researchers")
    test = pairs.of(held_out)
    held_fit = np.rint(100 * final.probability(test.score))
    lines.append(format_bands("held-out", band_table(held_fit, test.rating)))
    summary = {
        "fit_rating_spearman_folds_mean": round(float(np.mean(corr)), 4),
        "fit_rating_spearman_folds_std": round(float(np.std(corr)), 4),
        "fit_rating_spearman_held_out": round(_spearman(held_fit, test.rating), 4),
    }
    return lines, final, summary


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra = _ranks(a)
    rb = _ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return math.nan
    return float(np.corrcoef(ra, rb)[0, 1])


def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (ties share theirs)."""
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(len(x), dtype=np.float64)
    uniq, inv = np.unique(x, return_inverse=True)
    sums = np.bincount(inv, weights=ranks)
    counts = np.bincount(inv)
    out: np.ndarray = (sums / counts)[inv]
    del uniq
    return out


def fold_losses(
    truth: Ratings, runs: Sequence[Scores], folds: Sequence[Sequence[str]]
) -> list[float]:
    """The loss of each fold's researchers."""
    return [gold_loss(truth, runs, fold) for fold in folds]


def runs_from_rows(rows: Mapping[str, Sequence[tuple[str, str, float]]]) -> list[Scores]:
    """Per copy ``[(paper, researcher, score)]`` -> the copies' :data:`Scores`."""
    out = []
    for _copy, triples in sorted(rows.items()):
        pred: Scores = {}
        for paper, researcher, score in triples:
            pred.setdefault(researcher.lstrip("~"), {})[paper] = score
        out.append(pred)
    return out
