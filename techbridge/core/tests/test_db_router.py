"""The read-replica router: reads of models that declare ``replica_reads`` go to the replica,
everything else to the primary; the settings install it only with ``TECHBRIDGE_REPLICA_URL``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from techbridge.core.db_router import ReplicaRouter, read_alias

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]


class IndexTable:
    replica_reads = True


class Register:
    pass


class NotOptedIn:
    replica_reads = False


def test_reads_of_opted_in_models_go_to_the_replica() -> None:
    router = ReplicaRouter()
    assert router.db_for_read(IndexTable) == "replica"
    assert router.db_for_read(Register) == "default"
    assert router.db_for_read(NotOptedIn) == "default"


def test_every_write_goes_to_the_primary() -> None:
    router = ReplicaRouter()
    assert router.db_for_write(IndexTable) == "default"
    assert router.db_for_write(Register) == "default"


def test_relations_are_allowed_and_only_the_primary_is_migrated() -> None:
    router = ReplicaRouter()
    assert router.allow_relation(IndexTable(), Register()) is True
    assert router.allow_migrate("default", "matching") is True
    assert router.allow_migrate("replica", "matching") is False


def test_read_alias_follows_the_installed_routers() -> None:
    # Given no replica router, every read is from the primary
    with override_settings(DATABASE_ROUTERS=[]):
        assert read_alias(IndexTable) == "default"
    # when the replica router is installed, opted-in models are read from the replica
    with override_settings(DATABASE_ROUTERS=["techbridge.core.db_router.ReplicaRouter"]):
        assert read_alias(IndexTable) == "replica"
        assert read_alias(Register) == "default"


def _databases(replica_url: str) -> dict[str, Any]:
    env = {**os.environ, "TECHBRIDGE_REPLICA_URL": replica_url}
    env["DATABASE_URL"] = "postgres://techbridge@db.example.org:5432/techbridge"
    env.pop("TECHBRIDGE_CACHE_OWN_CONNECTION", None)  # as deployed
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'aliases': {k: v.get('TEST', {}).get('MIRROR') "
        "for k, v in settings.DATABASES.items()}, 'routers': settings.DATABASE_ROUTERS, "
        "'replica_host': settings.DATABASES.get('replica', {}).get('HOST')}))"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_replica_is_configured_only_when_its_url_is_set() -> None:
    # Given no replica URL, there is no replica alias and no replica router
    plain = _databases("")
    assert "replica" not in plain["aliases"]
    assert "techbridge.core.db_router.ReplicaRouter" not in plain["routers"]
    # when it is set, the replica is a database of its own, a mirror of "default" in tests,
    # and its router comes after the cache's
    replica = _databases("postgres://techbridge@replica.example.org:5432/techbridge")
    assert replica["aliases"] == {"default": None, "cache": "default", "replica": "default"}
    assert replica["replica_host"] == "replica.example.org"
    assert replica["routers"] == [
        "techbridge.core.routers.CacheRouter",
        "techbridge.core.db_router.ReplicaRouter",
    ]
