"""Typed input and output records of the assignment solver.

Ids are strings: the Django side passes ``str(pk)`` (or a need's code such as ``"N17"``) and
maps them back. ``label`` is only used in the plain-words diagnosis; it defaults to the id.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

# Qualities in [0, 1] become integer costs ``-round(quality * SCALE)``: min-cost flow needs
# integers, and both solvers (flow and LP) are compared on this integer-scaled objective.
SCALE = 1_000_000


def scaled_quality(quality: float) -> int:
    """The integer a quality counts for in the objective (``round(quality * SCALE)``)."""
    return round(quality * SCALE)


class AssignmentInputError(ValueError):
    """The problem itself is malformed (unknown id, pinned conflict...): nothing was solved."""


class ConflictReason(enum.StrEnum):
    """Why a handler may never be assigned to a need (conflict of interest)."""

    SAME_ORGANISATION = "same_organisation"
    EQUITY_STAKE = "equity_stake"  # the institute holds equity in the enterprise
    COMPETITOR_STAKE = "competitor_stake"  # the institute holds equity in a competitor
    DECLARED = "declared"  # declared by the handler or by staff


class DiagnosisKind(enum.StrEnum):
    """Which constraint makes a run fall short."""

    TOTAL_CAPACITY = "total_capacity"  # all handlers together have too few places
    TOO_FEW_CANDIDATES = "too_few_candidates"  # one need has fewer eligible candidates
    SHARED_POOL = "shared_pool"  # a group of needs competes for a too-small candidate pool


@dataclass(frozen=True, slots=True)
class Need:
    """An open technology need that requires ``required`` handlers."""

    id: str
    required: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Handler:
    """A project manager or institute that can take up to ``capacity`` needs in this run."""

    id: str
    capacity: int
    kind: str = "project_manager"
    label: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored candidate pair; only such pairs (or pinned ones) may be assigned."""

    need_id: str
    handler_id: str
    quality: float


@dataclass(frozen=True, slots=True)
class Conflict:
    """A forbidden pair: a conflict of interest is never assigned, whatever its score."""

    need_id: str
    handler_id: str
    reason: ConflictReason
    note: str = ""


@dataclass(frozen=True, slots=True)
class Pair:
    """A (need, handler) pair that staff pinned into or excluded from the solution."""

    need_id: str
    handler_id: str


@dataclass(frozen=True, slots=True)
class AssignmentProblem:
    """One batch run: needs, handlers, candidate scores, conflicts and staff adjustments.

    ``pinned`` pairs must be in the solution (they need no score; unscored ones count with
    quality 0). ``excluded`` pairs must not be. Re-solving with more pins and exclusions is how
    staff review and adjust a proposal before confirming it.
    """

    needs: tuple[Need, ...]
    handlers: tuple[Handler, ...]
    candidates: tuple[Candidate, ...]
    conflicts: tuple[Conflict, ...] = ()
    pinned: tuple[Pair, ...] = ()
    excluded: tuple[Pair, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """One handler assigned to one need."""

    need_id: str
    handler_id: str
    quality: float
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Why some demand could not be met, in plain words (en and zh) and in numbers.

    ``demand`` and ``capacity`` are what the named needs still require and what their eligible
    candidates can still take; ``shortfall`` is how many handler places are missing.
    """

    kind: DiagnosisKind
    message_en: str
    message_zh: str
    need_ids: tuple[str, ...]
    handler_ids: tuple[str, ...]
    demand: int
    capacity: int
    shortfall: int

    def message(self, language: str = "en") -> str:
        """The message in ``language`` (``"zh"``/``"zh-hans"``... or anything else for en)."""
        return self.message_zh if language.lower().startswith("zh") else self.message_en


@dataclass(frozen=True, slots=True)
class AssignmentResult:
    """A solver's answer: the best (possibly partial) assignment and why it falls short.

    The solver first maximises the number of assigned places, then the total quality among
    such assignments. ``objective_scaled`` is the exact integer objective (sum of
    ``scaled_quality``); ``objective`` is the same divided by :data:`SCALE`.
    """

    assignments: tuple[Assignment, ...]
    objective: float
    objective_scaled: int
    unmet: Mapping[str, int]  # need id -> places left unfilled (needs with 0 are omitted)
    diagnosis: tuple[Diagnosis, ...]
    solve_s: float
    solver: str
    stats: Mapping[str, float] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        """Every need got all the handlers it requires."""
        return not self.unmet

    @property
    def total_unmet(self) -> int:
        """Handler places left unfilled over all needs."""
        return sum(self.unmet.values())


class AssignmentSolver(Protocol):
    """What every assignment solver offers (flow, LP...): one problem in, one result out."""

    name: str

    def solve(self, problem: AssignmentProblem) -> AssignmentResult:
        """The best assignment of ``problem``: most places filled, then most quality."""
        ...
