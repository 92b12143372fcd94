"""The polling tests' shell: one Django process that runs each snippet sent to it, reads what
other processes committed in between, and reports a snippet's error with its traceback."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from techbridge.testing.processes import Shell

pytestmark = pytest.mark.unit


def test_each_snippet_reads_what_another_process_committed(tmp_path: Path) -> None:
    database = tmp_path / "shell.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    count = (
        "import json\nfrom django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SELECT count(*) FROM tally')\n"
        "    print('a line before the answer')\n"
        "    print(json.dumps(c.fetchone()[0]))\n"
    )
    with sqlite3.connect(database) as outside:
        outside.execute("CREATE TABLE tally (n integer)")
    with Shell(env, tmp_path / "shell.log") as shell:
        assert shell.json(count) == 0
        with sqlite3.connect(database) as outside:
            outside.execute("INSERT INTO tally VALUES (1)")
        assert shell.json(count) == 1
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            shell.run("print('half-way')\n1 / 0")
        assert shell.run("print('still here')") == "still here\n"
    assert shell.proc.returncode == 0
