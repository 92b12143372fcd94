"""The tests on the demo server share one worker of a parallel run, so that one server starts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

CONFTEST = """
import pytest
from techbridge.testing.grouping import group_demo_server_tests

@pytest.fixture(scope="session")
def demo_server():
    return "http://server"

@pytest.fixture
def page(demo_server):
    return demo_server

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    group_demo_server_tests(items)
"""

TESTS = """
import pytest

@pytest.mark.parametrize("n", range(6))
def test_on_the_server(page, n):
    assert page

@pytest.mark.parametrize("n", range(6))
def test_elsewhere(n):
    assert n >= 0
"""


def test_demo_server_tests_run_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_grouped.py").write_text(TESTS)
    xdist = ["-n", "2", "--dist", "loadgroup", "-v"]
    plugins_off = ["-p", "no:django", "-p", "no:randomly", "-p", "no:cacheprovider"]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *xdist, *plugins_off, str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    ran = re.findall(r"\[(gw\d)\].*PASSED \S*::(test_\w+)", run.stdout)
    assert len(ran) == 12, run.stdout
    server_workers = {worker for worker, name in ran if name == "test_on_the_server"}
    assert len(server_workers) == 1, run.stdout
