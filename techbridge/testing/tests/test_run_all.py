"""``./techbridge.sh test`` runs the whole suite on every CPU, and chosen tests in one process."""

from __future__ import annotations

import pytest

from techbridge.testing.run_all import _parallel

pytestmark = pytest.mark.unit

PARALLEL = ["-n", "auto", "--dist", "loadgroup"]


@pytest.mark.parametrize(
    "argv",
    [[], ["-q"], ["-p", "no:randomly"], ["-k", "contract", "--durations", "20"], ["-m", "unit"]],
)
def test_the_whole_suite_with_options_runs_in_parallel(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TECHBRIDGE_TEST_WORKERS", raising=False)
    assert _parallel(argv) == [*PARALLEL, *argv]


@pytest.mark.parametrize(
    "argv",
    [
        ["techbridge/needs"],
        ["-q", "techbridge/testing/tests/test_run_all.py::test_chosen_tests_run_in_one_process"],
        ["-n", "0"],
    ],
)
def test_chosen_tests_run_in_one_process(argv: list[str]) -> None:
    assert _parallel(argv) == argv
