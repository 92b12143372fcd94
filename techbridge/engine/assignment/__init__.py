"""Batch assignment of technology needs to handlers (project managers, institutes).

Each need gets its required number of handlers, each handler stays within its capacity,
conflicts of interest are never assigned, and total match quality is maximised, exactly, as a
min-cost flow (OR-Tools). A run that cannot serve every need returns its best partial
assignment and says why in plain words (en and zh). An LP (HiGHS) solves the same problem
independently, for tests and the benchmark. Pure library: no Django here.

Typical use::

    problem = AssignmentProblem(needs=..., handlers=..., candidates=..., conflicts=...)
    result = solve(problem)  # or solve(problem, solver="linprog")
    result.assignments, result.unmet, [d.message("zh") for d in result.diagnosis]
"""

from techbridge.engine.assignment.lp import LinearProgramSolver
from techbridge.engine.assignment.model import (
    SCALE,
    Assignment,
    AssignmentInputError,
    AssignmentProblem,
    AssignmentResult,
    AssignmentSolver,
    Candidate,
    Conflict,
    ConflictReason,
    Diagnosis,
    DiagnosisKind,
    Handler,
    Need,
    Pair,
    scaled_quality,
)
from techbridge.engine.assignment.solver import MinCostFlowSolver

# Name -> solver class, so the CLI, the web app and the benchmark pick solvers by name.
SOLVERS: dict[str, type[AssignmentSolver]] = {
    MinCostFlowSolver.name: MinCostFlowSolver,
    LinearProgramSolver.name: LinearProgramSolver,
}


def solve(problem: AssignmentProblem, solver: str = MinCostFlowSolver.name) -> AssignmentResult:
    """Solve ``problem`` with the solver registered under ``solver``."""
    return SOLVERS[solver]().solve(problem)


__all__ = [
    "SCALE",
    "SOLVERS",
    "Assignment",
    "AssignmentInputError",
    "AssignmentProblem",
    "AssignmentResult",
    "AssignmentSolver",
    "Candidate",
    "Conflict",
    "ConflictReason",
    "Diagnosis",
    "DiagnosisKind",
    "Handler",
    "LinearProgramSolver",
    "MinCostFlowSolver",
    "Need",
    "Pair",
    "scaled_quality",
    "solve",
]
