"""The benchmark entry point on a small instance."""

from __future__ import annotations

import json

import pytest

from techbridge_bench.assignment import main, make_instance


def test_bench_prints_table_then_one_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--needs", "300", "--handlers", "150", "--candidates", "10", "--seed", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    record = json.loads(lines[-1])
    assert {"solve_s", "objective", "lp_objective", "gap", "needs", "handlers"} <= set(record)
    assert record["gap"] == 0 and record["objective"] == record["lp_objective"] > 0
    assert record["needs"] == 300 and record["unmet"] == 0
    assert any(line.startswith("min-cost flow") for line in lines)


def test_instance_is_repeatable_and_realistic() -> None:
    first, again = make_instance(200, 100, 20, seed=5), make_instance(200, 100, 20, seed=5)
    assert first == again
    assert sum(h.capacity for h in first.handlers) >= 1.1 * sum(n.required for n in first.needs)
    assert {n.required for n in first.needs} <= {1, 2, 3}
    assert 0.01 < len(first.conflicts) / len(first.candidates) < 0.06
