"""A match's fit, 0-100: the engine's score mapped to how often such a pair is expert-level.

The engine's score ranks well but reads badly (most matches of a need sit within a few
hundredths of each other). :class:`FitCalibration` is a monotone piecewise-linear map from the
score to the probability that a researcher rates the pair as expert-level (4 or 5 on the
gold standard's 1-5 scale), fitted by isotonic regression (pool adjacent violators) on labelled
pairs, each block's share smoothed by the rule of succession; ``percent(score)`` is that
probability in percent. One map serves every resource type.

The fitted map ships as ``calibration.json`` beside this module (parameters only: knots of the
map, how many pairs it was fitted on, the format version); ``techbridge bench goldstandard
--calibration`` fits it, cross-validated over researchers, and writes it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "FORMAT_VERSION",
    "ChineseCosines",
    "FitCalibration",
    "chinese_lift",
    "default_calibration",
    "default_chinese_cosines",
    "isotonic",
]

FORMAT_VERSION = 1
DEFAULT_PATH = Path(__file__).with_name("calibration.json")


def isotonic(
    x: npt.ArrayLike, y: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Non-decreasing least-squares fit of ``y`` on ``x`` (pool adjacent violators).

    Returns the blocks' mean ``x``, fitted value and size, in increasing ``x``; tied ``x``
    share a block.
    """
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    order = np.argsort(xs, kind="stable")
    xs, ys = xs[order], ys[order]
    # Tied scores first form one block each, so that the fit is a function of the score.
    _, start = np.unique(xs, return_index=True)
    sizes = np.diff(np.append(start, len(xs))).astype(np.float64)
    sum_x = np.add.reduceat(xs, start) if len(xs) else np.zeros(0)
    sum_y = np.add.reduceat(ys, start) if len(xs) else np.zeros(0)
    bx: list[float] = []
    by: list[float] = []
    bn: list[float] = []
    for sx, sy, n in zip(sum_x.tolist(), sum_y.tolist(), sizes.tolist(), strict=True):
        bx.append(sx)
        by.append(sy)
        bn.append(n)
        while len(bn) > 1 and by[-2] / bn[-2] >= by[-1] / bn[-1]:
            n2, sx2, sy2 = bn.pop(), bx.pop(), by.pop()
            bn[-1] += n2
            bx[-1] += sx2
            by[-1] += sy2
    n_arr = np.asarray(bn)
    return np.asarray(bx) / n_arr, np.asarray(by) / n_arr, n_arr


class FitCalibration:
    """Monotone map score -> probability of an expert-level pair (see the module docstring).

    ``fit(scores, expert_level)`` learns ``scores_`` (knots, increasing) and
    ``probabilities_`` (non-decreasing); between knots the map is linear, outside it is flat.
    """

    def __init__(self, fitted_on: str = "") -> None:
        self.fitted_on = fitted_on

    def fit(self, scores: Sequence[float], expert_level: Sequence[bool]) -> FitCalibration:
        """Fit on labelled pairs: the engine's score and whether the pair is expert-level."""
        if len(scores) != len(expert_level) or not len(scores):
            raise ValueError("scores and labels must be non-empty and of one length")
        x, p, n = isotonic(scores, np.asarray(expert_level, dtype=np.float64))
        # Rule of succession, so that a small block at either end is not a certainty (0 or 1).
        smoothed = np.maximum.accumulate((p * n + 1.0) / (n + 2.0))
        self.scores_ = np.round(x, 5)
        self.probabilities_ = np.round(smoothed, 4)
        self.n_pairs_ = int(n.sum())
        return self

    def probability(self, scores: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Probability of an expert-level pair for each score."""
        s = np.asarray(scores, dtype=np.float64)
        out: npt.NDArray[np.float64] = np.interp(s, self.scores_, self.probabilities_)
        return out

    def percent(self, score: float) -> int:
        """The fit a person reads: 0-100."""
        return int(np.rint(100.0 * float(self.probability(score))))

    def to_dict(self) -> dict[str, Any]:
        """The fitted parameters, as stored."""
        return {
            "format": FORMAT_VERSION,
            "target": "expert-level pair (rating 4 or 5 of 5)",
            "fitted_on": self.fitted_on,
            "n_pairs": self.n_pairs_,
            "scores": self.scores_.tolist(),
            "probabilities": self.probabilities_.tolist(),
        }

    def save(self, path: str | Path) -> None:
        """Write the fitted map as JSON."""
        _write(path, self.to_dict())

    @classmethod
    def load(cls, path: str | Path) -> FitCalibration:
        """Read a map written by :meth:`save`; a newer format is refused."""
        data = _read(path, "calibration")
        out = cls(fitted_on=str(data.get("fitted_on", "")))
        out.scores_ = np.asarray(data["scores"], dtype=np.float64)
        out.probabilities_ = np.asarray(data["probabilities"], dtype=np.float64)
        out.n_pairs_ = int(data.get("n_pairs", 0))
        return out


def _write(path: str | Path, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def _read(path: str | Path, what: str) -> dict[str, Any]:
    """A file written by :func:`_write`; one of a newer format is refused."""
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    if int(data.get("format", 0)) > FORMAT_VERSION:
        raise ValueError(f"{what} format {data['format']} is newer than this engine")
    return data


@lru_cache(maxsize=1)
def default_calibration() -> FitCalibration:
    """The map that ships with the engine (``calibration.json``)."""
    return FitCalibration.load(DEFAULT_PATH)


CHINESE_COSINES_PATH = Path(__file__).with_name("chinese_cosines.json")


class ChineseCosines:
    """How much higher the encoder's cosines run between Chinese texts than between English
    ones about the same things, so that a Chinese pair's cosine is read on the English scale
    (the fit map's, and an English document's for the same need).

    Fitted on aligned pairs (the same text in both languages, ``techbridge_bench.
    language_cosines``): ``chinese`` and ``english`` are the same quantiles of the cosines
    between unrelated Chinese texts and between their English versions. A Chinese pair's
    cosine ``c`` stands as high among Chinese pairs as ``english_equivalent(c)`` among
    English ones; beyond the table's ends the difference stays the end's.
    """

    def __init__(
        self,
        chinese: Sequence[float],
        english: Sequence[float],
        encoder: str,
        fitted_on: str = "",
    ) -> None:
        self.chinese = np.asarray(chinese, dtype=np.float64)
        self.english = np.asarray(english, dtype=np.float64)
        self.encoder = encoder  # the cosines are this encoder's
        self.fitted_on = fitted_on
        if len(self.chinese) != len(self.english) or not len(self.chinese):
            raise ValueError("the two quantile lists must be non-empty and of one length")
        if np.any(np.diff(self.chinese) < 0):
            raise ValueError("the Chinese quantiles must not decrease")

    def excess(self, cosines: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """``c - english_equivalent(c)`` for each cosine."""
        c = np.asarray(cosines, dtype=np.float64)
        out: npt.NDArray[np.float64] = np.interp(c, self.chinese, self.chinese - self.english)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "encoder": self.encoder,
            "fitted_on": self.fitted_on,
            "chinese": np.round(self.chinese, 5).tolist(),
            "english": np.round(self.english, 5).tolist(),
        }

    def save(self, path: str | Path) -> None:
        _write(path, self.to_dict())

    @classmethod
    def load(cls, path: str | Path) -> ChineseCosines:
        data = _read(path, "Chinese cosines")
        return cls(
            data["chinese"], data["english"], str(data["encoder"]), str(data.get("fitted_on", ""))
        )


@lru_cache(maxsize=1)
def _shipped_chinese_cosines() -> ChineseCosines:
    return ChineseCosines.load(CHINESE_COSINES_PATH)


def default_chinese_cosines(encoder: str) -> ChineseCosines | None:
    """The table that ships with the engine (``chinese_cosines.json``) where it is the
    ``encoder``'s; None for another encoder."""
    table = _shipped_chinese_cosines()
    return table if table.encoder == encoder else None


#: The need's best candidate documents whose Chinese lift :func:`chinese_lift` averages.
LIFT_DOCUMENTS = 20


def chinese_lift(
    fused: npt.ArrayLike,
    dense: npt.ArrayLike,
    doc_han: npt.ArrayLike,
    need_han: float,
    *,
    dense_weight: float,
    dense_floor: float,
    cosines: ChineseCosines | None,
) -> float:
    """How much the Chinese of a need and of its best documents lifts their scores: over the
    need's :data:`LIFT_DOCUMENTS` best candidates (``fused`` scores, normalised ``dense``
    parts, han shares), the mean of ``dense_weight * excess(cosine) / (1 - dense_floor)``
    weighted by how Chinese the need and each document are (both wholly Chinese: all of it;
    either English: none). One figure a need, so that its matches' fits keep their order;
    the fit is read at ``score - lift``."""
    if cosines is None or need_han <= 0:
        return 0.0
    f = np.asarray(fused, dtype=np.float64)
    if not len(f):
        return 0.0
    best = np.argsort(-f, kind="stable")[:LIFT_DOCUMENTS]
    d = np.asarray(dense, dtype=np.float64)[best]
    han = np.asarray(doc_han, dtype=np.float64)[best]
    cos = dense_floor + d * (1.0 - dense_floor)
    lift = dense_weight * need_han * han * cosines.excess(cos) / (1.0 - dense_floor)
    return float(np.mean(np.where(d > 0, lift, 0.0)))
