from pathlib import Path

import numpy as np
import pytest

from techbridge.engine.calibration import FitCalibration, default_calibration, isotonic


def test_isotonic_pools_adjacent_violators() -> None:
    # Given labels that dip once as the score grows
    x, y, n = isotonic([0.1, 0.2, 0.3, 0.4], [0.0, 1.0, 0.0, 1.0])
    # Then the dip is pooled with its neighbour into one block
    assert x.tolist() == pytest.approx([0.1, 0.25, 0.4])
    assert y.tolist() == [0.0, 0.5, 1.0] and n.tolist() == [1, 2, 1]


def test_fit_is_monotone_smoothed_and_reads_as_percent(tmp_path: Path) -> None:
    # Given pairs where higher scores are more often expert-level
    scores = [0.30] * 10 + [0.40] * 10 + [0.50] * 10
    labels = [False] * 9 + [True] + [False] * 5 + [True] * 5 + [True] * 10
    cal = FitCalibration("hand-made").fit(scores, labels)
    # Then the ends are not certainties, the middle is linear, and outside it is flat
    assert cal.percent(0.30) == 17 and cal.percent(0.40) == 50 and cal.percent(0.50) == 92
    assert cal.percent(0.45) == 71 and cal.percent(0.0) == 17 and cal.percent(1.0) == 92
    # And it survives a round trip; a newer format is refused
    cal.save(tmp_path / "c.json")
    again = FitCalibration.load(tmp_path / "c.json")
    assert again.percent(0.45) == 71 and again.fitted_on == "hand-made"
    (tmp_path / "new.json").write_text('{"format": 99, "scores": [0], "probabilities": [0]}')
    with pytest.raises(ValueError):
        FitCalibration.load(tmp_path / "new.json")


def test_shipped_map_spreads_the_usual_scores_over_the_scale() -> None:
    cal = default_calibration()
    assert np.all(np.diff(cal.scores_) > 0) and np.all(np.diff(cal.probabilities_) >= 0)
    fits = [cal.percent(s) for s in (0.0, 0.36, 0.40, 0.44, 0.48, 1.0)]
    assert fits == sorted(fits) and 0 <= fits[0] < 20 and fits[-1] <= 100
    assert fits[4] - fits[1] >= 40
