"""``--cv`` of the csl and xling bench commands: folds of groups, choice, held-out split."""

import pytest

from techbridge_bench.cli import _cv_report


def test_each_fold_is_scored_with_the_choice_of_the_others_and_the_held_out_split_apart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    groups = {f"g{i}": ("a" if i % 2 else "b") for i in range(10)}
    # value 1 is better everywhere except on g4 and g9 (the held-out split: every fifth name)
    rr = {
        0: {(g, "q"): 0.5 for g in groups},
        1: {(g, "q"): (0.1 if g in ("g4", "g9") else 1.0) for g in groups},
    }
    got = _cv_report(rr, groups, [0, 1], "w", 2, "groups")
    assert got["choice"] == 1 and got["fold_choice"] == [1, 1]
    assert got["fold_mrr"] == [1.0, 1.0] and got["mrr_dev"] == 1.0
    # the held-out groups are scored with the dev split's choice, never choosing it
    assert got["mrr_held_out"] == pytest.approx(0.1)
    out = capsys.readouterr().out
    assert "held-out split (2 groups): 0.1000" in out and "w=0: dev 0.5000" in out


def test_ties_go_to_the_earlier_value() -> None:
    groups = {f"g{i}": "" for i in range(6)}
    rr = {v: {(g, "q"): 0.5 for g in groups} for v in (0, 1)}
    assert _cv_report(rr, groups, [0, 1], "w", 3, "groups")["choice"] == 0
