from pathlib import Path

import pytest

from techbridge_bench.goldstandard import (
    calibrate_cv,
    gold_loss,
    read_ratings,
    split_researchers,
)


def test_split_holds_out_every_fifth_researcher_by_id() -> None:
    folds, held_out = split_researchers([str(i) for i in range(1, 13)], k=3)
    assert held_out == ["5", "10"]
    assert folds == [["1", "4", "8", "12"], ["2", "6", "9"], ["3", "7", "11"]]


def test_loss_counts_wrong_orders_by_rating_gap_and_ties_by_half() -> None:
    truth = {"r": {"a": 5.0, "b": 3.0, "c": 1.0}}
    right = {"r": {"a": 0.9, "b": 0.5, "c": 0.1}}
    # b above a is wrong (gap 2), a and c tie (gap 4, half of it); b over c right
    mixed = {"r": {"a": 0.5, "b": 0.7, "c": 0.5}}
    assert gold_loss(truth, [right], ["r"]) == 0.0
    assert gold_loss(truth, [mixed], ["r"]) == pytest.approx((2 + 2) / 8)


def test_reads_ratings_and_prints_bands(tmp_path: Path) -> None:
    head = "ParticipantID\t" + "\t".join(f"Paper{k}" for k in range(1, 11))
    head += "\t" + "\t".join(f"Expertise{k}" for k in range(1, 11))
    rows = [head]
    truth_rows = {f"{i}": {"p1": 5.0, "p2": 1.0} for i in range(1, 11)}
    for r in truth_rows:
        rows.append("\t".join([r, "p1", "p2", *[""] * 8, "5", "1", *[""] * 8]))
    (tmp_path / "e.csv").write_text("\n".join(rows) + "\n")
    truth = read_ratings(tmp_path / "e.csv")
    assert truth == truth_rows
    runs = [{r: {"p1": 0.6, "p2": 0.3} for r in truth}]
    folds, held_out = split_researchers(truth, 2)
    lines, final, summary = calibrate_cv(truth, runs, folds, held_out)
    assert lines[-1].startswith("held-out") and "0-20:    2 pairs, rating 1.00" in lines[-1]
    assert final.percent(0.6) > 80 and summary["fit_rating_spearman_held_out"] == 1.0
