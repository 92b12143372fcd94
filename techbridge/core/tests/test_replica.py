"""A read replica in use: a PostgreSQL primary and a hot standby that follows it by streaming
replication, and the platform's processes configured with both (``DATABASE_URL`` and
``TECHBRIDGE_REPLICA_URL``). Reads of a model that declares ``replica_reads`` go to the
replica and see what was written on the primary once it is replayed; writes go to the
primary; the replica itself refuses writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from techbridge.testing.postgres import streaming_replica, wait_for_replay

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="replication is PostgreSQL's: runs in the PostgreSQL pass",
    ),
]

ROOT = Path(__file__).resolve().parents[3]

# Each script records which database alias runs each statement, and makes DocumentVector
# (the match index's vectors) a model whose reads may go to the replica.
PREAMBLE = """
import json
from django.db import DatabaseError, connections
from techbridge.matching.models import DocumentVector

DocumentVector.replica_reads = True
executed = []


def recorder(alias):
    def record(execute, sql, params, many, context):
        executed.append([alias, sql.split()[0].upper()])
        return execute(sql, params, many, context)

    return record


def recording():
    import contextlib

    stack = contextlib.ExitStack()
    for alias in ("default", "replica"):
        stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
    return stack
"""

WRITE = """
with recording():
    DocumentVector.objects.create(
        key="replica-probe", content_hash="0" * 40, model="probe", dim=1, vector=b"\\0\\0"
    )
print(json.dumps(executed))
"""

READ = """
from techbridge.core.db_router import read_alias
from techbridge.core.models import Industry

result = {"read_alias": read_alias(DocumentVector), "other_alias": read_alias(Industry)}
with recording():
    probe = DocumentVector.objects.get(key="replica-probe")
    result["found"] = probe.key
    Industry.objects.exists()
    probe.content_hash = "1" * 40
    probe.save()
result["executed"] = executed
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    result["replica_in_recovery"] = cursor.fetchone()[0]
try:
    DocumentVector.objects.using("replica").create(
        key="refused", content_hash="0" * 40, model="probe", dim=1, vector=b"\\0\\0"
    )
except DatabaseError as error:
    result["replica_write"] = [error.__cause__.sqlstate, str(error).strip()]
print(json.dumps(result))
"""


@pytest.fixture
def primary_and_replica() -> Iterator[tuple[str, str]]:
    try:
        import pgserver  # noqa: F401
    except ImportError:
        if os.environ.get("TECHBRIDGE_REQUIRE_SERVERS"):
            pytest.fail("pgserver is not installed (pip install -e '.[dev]')")
        pytest.skip("pgserver is not installed (pip install -e '.[dev]')")
    with streaming_replica() as urls:
        yield urls


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _script(env: dict[str, str], body: str) -> Any:
    out = _manage(env, "shell", "--no-imports", "-c", PREAMBLE + body)
    return json.loads(out.strip().splitlines()[-1])


def test_reads_go_to_the_replica_and_writes_to_the_primary(
    primary_and_replica: tuple[str, str], tmp_path: Path
) -> None:
    primary, replica = primary_and_replica
    env = {
        **os.environ,
        "DATABASE_URL": primary,
        "TECHBRIDGE_REPLICA_URL": replica,
        "TECHBRIDGE_DEMO": "1",
        "TECHBRIDGE_DATA_DIR": str(tmp_path),
        "TECHBRIDGE_MATCHING_AUTOBUILD": "0",
    }
    env.pop("TECHBRIDGE_CACHE_OWN_CONNECTION", None)  # as deployed
    # Given a platform migrated on the primary (the replica follows its schema)
    _manage(env, "migrate", "--verbosity", "0")
    # when a process writes a document vector, the statement runs on the primary
    assert _script(env, WRITE) == [["default", "INSERT"]]
    # and once the replica has replayed the primary's WAL
    wait_for_replay(primary, replica, timeout=20)
    # then another process reads the vector from the replica (a standby) and finds it,
    # reads models without replica_reads from the primary, and saves to the primary
    read = _script(env, READ)
    assert read["read_alias"] == "replica"
    assert read["other_alias"] == "default"
    assert read["found"] == "replica-probe"
    assert read["replica_in_recovery"] is True
    assert read["executed"] == [
        ["replica", "SELECT"],
        ["default", "SELECT"],
        ["default", "UPDATE"],
    ]
    # and the replica refuses a write: it is a read-only hot standby
    sqlstate, message = read["replica_write"]
    assert sqlstate == "25006", message  # read_only_sql_transaction
    assert "read-only transaction" in message
