"""Scoring a publication import against the synthetic corpus's truth (``ingest_data``).

Plain Python over rows read from the database, so each measure can be checked by hand:

- **links**: the unit is one author position of one stored work. Its true experts are those
  the truth names at that position in any record that became the work (one expert when the
  merge was right). An automatic link is right when its expert is one of them; recall counts
  the (work, position, expert) triples with a known expert that got a right automatic link.
  Links waiting for review are counted apart, with the share that would be right if accepted.
- **merges**: the unit is a pair of records. Pairs that ended in one work are compared with
  the pairs of the planted duplicate groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

__all__ = [
    "LinkScore",
    "MergeScore",
    "evidence_table",
    "score_links",
    "score_merges",
    "threshold_table",
]

#: Confidences at which the links' precision and recall are shown, had they been linked
#: automatically from there (the import links automatically from ``linking.AUTO_LINK``).
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9)

RecordKey = tuple[str, int]  # (file name, position)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


@dataclass(frozen=True)
class LinkScore:
    auto: int
    auto_right: int
    positives: int  # (work, position, expert) triples the truth names
    found: int  # of which an automatic link found
    review: int
    review_right: int
    review_found: int  # positives found by automatic or (accepted) review links
    #: (status, "+".join(reasons)) -> [links, right links]
    by_evidence: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    #: threshold -> (links at or above it, right ones, positives they find)
    by_threshold: dict[float, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return _ratio(self.auto_right, self.auto)

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.positives)

    @property
    def review_precision(self) -> float:
        return _ratio(self.review_right, self.review)

    @property
    def recall_with_review(self) -> float:
        return _ratio(self.review_found, self.positives)


@dataclass(frozen=True)
class MergeScore:
    predicted_pairs: int
    true_pairs: int
    right_pairs: int

    @property
    def precision(self) -> float:
        return _ratio(self.right_pairs, self.predicted_pairs)

    @property
    def recall(self) -> float:
        return _ratio(self.right_pairs, self.true_pairs)


def score_links(
    sources: Iterable[tuple[int, str, int]],
    truth_authors: dict[str, list[list[int | None]]],
    links: Iterable[tuple[int, int, int, str, list[str], float]],
    expert_ids: dict[int, int],
) -> LinkScore:
    """``sources``: (work id, file name, position) of each stored record; ``links``: (work id,
    position, expert pk, status, reasons, confidence) of each author link; ``expert_ids``:
    expert pk -> truth id."""
    true_at: dict[tuple[int, int], set[int]] = defaultdict(set)
    for work_id, file_name, position in sources:
        for author, expert in enumerate(truth_authors[file_name][position - 1], 1):
            if expert is not None:
                true_at[(work_id, author)].add(expert)
    auto = auto_right = review = review_right = 0
    found: set[tuple[int, int, int]] = set()
    review_found: set[tuple[int, int, int]] = set()
    by_evidence: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    proposed: list[tuple[float, bool, tuple[int, int, int | None]]] = []
    for work_id, position, expert_pk, status, reasons, confidence in links:
        expert = expert_ids.get(expert_pk)
        right = expert is not None and expert in true_at.get((work_id, position), ())
        if status in ("auto", "accepted", "pending"):
            proposed.append((confidence, right, (work_id, position, expert)))
        tally = by_evidence[(status, "+".join(reasons))]
        tally[0] += 1
        tally[1] += right
        if status in ("auto", "accepted"):
            auto += 1
            auto_right += right
            if right:
                found.add((work_id, position, expert))  # type: ignore[arg-type]
        elif status == "pending":
            review += 1
            review_right += right
            if right:
                review_found.add((work_id, position, expert))  # type: ignore[arg-type]
    positives = sum(len(experts) for experts in true_at.values())
    by_threshold = {}
    for threshold in THRESHOLDS:
        above = [
            (right, triple) for confidence, right, triple in proposed if confidence >= threshold
        ]
        by_threshold[threshold] = (
            len(above),
            sum(right for right, _ in above),
            len({triple for right, triple in above if right}),
        )
    return LinkScore(
        auto=auto,
        auto_right=auto_right,
        positives=positives,
        found=len(found),
        review=review,
        review_right=review_right,
        review_found=len(found | review_found),
        by_evidence=dict(by_evidence),
        by_threshold=by_threshold,
    )


def threshold_table(score: LinkScore) -> list[str]:
    """Precision and recall had links been made automatically from each confidence."""
    return [
        f"  from {threshold:.2f}: {count:9,d} links  precision {_ratio(right, count):.4f}  "
        f"recall {_ratio(found, score.positives):.4f}"
        for threshold, (count, right, found) in sorted(score.by_threshold.items())
    ]


def evidence_table(score: LinkScore) -> list[str]:
    """One line per (status, evidence) of the links: how many, and how many were right."""
    lines = []
    for (status, reasons), (count, right) in sorted(
        score.by_evidence.items(), key=lambda item: (item[0][0], -item[1][0])
    ):
        lines.append(
            f"  {status:8s} {reasons:32s} {count:9,d} links  precision {_ratio(right, count):.4f}"
        )
    return lines


def score_merges(
    sources: Iterable[tuple[int, str, int]], duplicates: list[dict[str, Any]]
) -> MergeScore:
    """``sources`` as for :func:`score_links`; ``duplicates``: the truth's planted groups."""
    by_work: dict[int, list[RecordKey]] = defaultdict(list)
    for work_id, file_name, position in sources:
        by_work[work_id].append((file_name, position))
    predicted = {
        frozenset(pair) for members in by_work.values() for pair in combinations(members, 2)
    }
    planted = {
        frozenset(pair)
        for group in duplicates
        for pair in combinations([(name, int(pos)) for name, pos in group["members"]], 2)
    }
    return MergeScore(
        predicted_pairs=len(predicted),
        true_pairs=len(planted),
        right_pairs=len(predicted & planted),
    )
