"""The import benchmark scores links and merges as defined, and runs end to end on a small
corpus through the command line, ending with its line of figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from techbridge_bench.ingest_score import score_links, score_merges

FIGURES = {
    "records",
    "records_per_s",
    "parse_s",
    "link_merge_s",
    "encode_docs_per_s",
    "link_precision",
    "link_recall",
    "review_queued",
    "merge_precision",
    "merge_recall",
    "rejected",
    "missed_name_alone",
    "recall_bound_without_name_alone",
    "commit",
    "date",
}


def test_links_are_scored_per_author_position_of_a_work() -> None:
    # Given two records merged into work 1 and one record as work 2
    sources = [(1, "a.bib", 1), (1, "b.ris", 1), (2, "a.bib", 2)]
    truth: dict[str, list[list[int | None]]] = {"a.bib": [[7, None], [8, 9]], "b.ris": [[7, None]]}
    links = [
        (1, 1, 107, "auto", ["orcid"], 1.0),  # right
        (2, 1, 109, "auto", ["pinyin", "affiliation"], 0.9),  # wrong: 8 is first there
        (2, 2, 109, "pending", ["pinyin"], 0.5),  # right, waiting for review
    ]
    experts = {107: 7, 108: 8, 109: 9}

    score = score_links(sources, truth, links, experts)

    # Then the automatic links are half right, find one of three authors, the review one more
    assert (score.auto, score.auto_right, score.positives, score.found) == (2, 1, 3, 1)
    assert score.precision == 0.5 and score.recall == round(1 / 3, 4)
    assert (score.review, score.review_precision, score.recall_with_review) == (
        1,
        1.0,
        round(2 / 3, 4),
    )
    assert score.by_evidence[("auto", "orcid")] == [1, 1]
    assert score.by_threshold[0.5] == (3, 2, 2) and score.by_threshold[0.9] == (2, 1, 1)


def test_merges_are_scored_on_pairs_of_records() -> None:
    sources = [(1, "a.bib", 1), (1, "b.ris", 4), (2, "a.bib", 2), (2, "c.csv", 1), (3, "c.csv", 2)]
    planted = [
        {"kind": "doi", "members": [["a.bib", 1], ["b.ris", 4]]},
        {"kind": "family", "members": [["c.csv", 2], ["d.xml", 1]]},
    ]

    score = score_merges(sources, planted)

    assert (score.predicted_pairs, score.true_pairs, score.right_pairs) == (2, 2, 1)
    assert score.precision == 0.5 and score.recall == 0.5


@pytest.mark.slow
def test_command_imports_a_small_corpus_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "techbridge.cli",
            "bench",
            "ingest",
            "--records",
            "300",
            "--experts",
            "100",
            "--per-file",
            "100",
            "--no-encode",
            "--data-dir",
            str(tmp_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(figures) >= FIGURES
    assert figures["records"] == 300 and figures["rejected"] == 0
    assert figures["link_precision"] >= 0.95 and figures["merge_precision"] >= 0.95
    assert 0 < figures["link_recall"] <= 1 and figures["merge_recall"] >= 0.9
    assert figures["encode_docs_per_s"] is None  # --no-encode
    # what no linker reaches without linking names alone is above what this one reached
    assert figures["link_recall"] <= figures["recall_bound_without_name_alone"] <= 1
    assert "true authors missed" in done.stdout
    assert not (tmp_path / "techbridge.sqlite3").exists()  # without --keep
    assert (tmp_path / "corpus" / "truth.json").is_file()  # kept for the next run
