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

from importlib import import_module
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from techbridge.engine.assignment.lp import LinearProgramSolver
    from techbridge.engine.assignment.solver import MinCostFlowSolver

#: Name -> the solver class's module and name, so the CLI, the web app and the benchmark pick
#: solvers by name. A solver's module loads when it is first asked for: OR-Tools and the LP's
#: SciPy optimiser (tens of megabytes) stay out of a process that assigns nothing.
SOLVERS: dict[str, str] = {
    "min_cost_flow": "techbridge.engine.assignment.solver.MinCostFlowSolver",
    "linprog": "techbridge.engine.assignment.lp.LinearProgramSolver",
}


def solver_class(name: str) -> type[AssignmentSolver]:
    """The solver registered under ``name``."""
    module, _, attr = SOLVERS[name].rpartition(".")
    found: type[AssignmentSolver] = getattr(import_module(module), attr)
    return found


def solve(problem: AssignmentProblem, solver: str = "min_cost_flow") -> AssignmentResult:
    """Solve ``problem`` with the solver registered under ``solver``."""
    return solver_class(solver)().solve(problem)


def __getattr__(name: str) -> Any:
    """The solver classes by their own names, loaded as :func:`solver_class` loads them."""
    for key, path in SOLVERS.items():
        if path.rpartition(".")[2] == name:
            return solver_class(key)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    "solver_class",
]
