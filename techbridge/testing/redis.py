"""A throw-away Redis server (Debian's ``redis-server``) for the tests of the Redis queue and
cache: in memory only, on a free loopback port, stopped when the test session ends."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .processes import free_port

REDIS_SERVER = os.environ.get("TECHBRIDGE_REDIS_SERVER", "redis-server")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``redis://127.0.0.1:<port>`` of a running Redis server (databases 0-15 empty)."""
    import redis

    binary = shutil.which(REDIS_SERVER)
    if binary is None:
        if os.environ.get("TECHBRIDGE_REQUIRE_SERVERS"):
            pytest.fail(f"{REDIS_SERVER} not found (apt-get install redis-server)")
        pytest.skip(f"{REDIS_SERVER} not found (apt-get install redis-server)")
    port = free_port()
    folder: Path = tmp_path_factory.mktemp("redis")
    log = (folder / "redis.log").open("w")
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if redis.Redis.from_url(url).ping():
                    break
            except redis.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "redis.log").read_text()) from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
