"""Fixtures for browser tests: a real TechBridge server with demo data, and Chromium.

The server is a separate process started with ``techbridge demo`` on its own database
(a SQLite file, or a fresh database on the PostgreSQL server under test), so the browser
sees exactly what a user who ran the README's first command would see.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from techbridge.testing import demo_database
from techbridge.testing.processes import free_port

#: Debian's Chromium builds, lightest first: the headless shell (package
#: ``chromium-headless-shell``; the build Playwright itself runs headless pages in) draws pages
#: with the same engine as the browser, without the browser's windowing, and so with less CPU;
#: the whole browser (``chromium``) where only that is installed.
CHROMIUM_BUILDS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")


def _chromium() -> str:
    """``TECHBRIDGE_CHROMIUM``, else the first of :data:`CHROMIUM_BUILDS` installed."""
    chosen = os.environ.get("TECHBRIDGE_CHROMIUM")
    if chosen:
        return chosen
    return next((path for path in CHROMIUM_BUILDS if Path(path).exists()), CHROMIUM_BUILDS[0])


CHROMIUM = _chromium()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: The environment each running demo server was started with, by base URL (the deployment
#: tests start more processes on the same database).
SERVER_ENV: dict[str, dict[str, str]] = {}


def server_log(base: str, lines: int = 60) -> str:
    """The last lines the demo server at ``base`` logged (for a failing test's message)."""
    path = Path(SERVER_ENV[base]["TECHBRIDGE_DATA_DIR"]) / "server.log"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


#: What the browser tests' server has in its matching index (experts of one field).
INDEXED_FOR_BROWSER = ("index", "build", "--field", "sic-power", "--kind", "expert")
#: The file in the run folder that hands the browser index's vectors to the other pass.
VECTORS_FILE = "browser-vectors.json"


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running demo server (on a copy of the run's demo database)."""
    tmp = tmp_path_factory.mktemp("demo-server")
    port = free_port()
    env = {
        **os.environ,
        "TECHBRIDGE_DEMO": "1",
        # The server indexes only stored vectors: encoding all ~12,000 demo texts would take
        # the CPU from the browser for many minutes. The experts of one field are encoded
        # below, before the server starts, as a `techbridge index build` job would.
        "TECHBRIDGE_MATCHING_AUTOBUILD": "1",
        "TECHBRIDGE_MATCHING_ENCODE_IN_WEB": "0",
        # The server runs like a deployment: jobs go through the queue to its job worker;
        # the first start does not encode every demo text (see below).
        "TECHBRIDGE_JOBS_SYNC": "0",
        "TECHBRIDGE_DEMO_ENCODE": "0",
        "TECHBRIDGE_DATA_DIR": str(tmp),
        # (one per test worker: pytest-xdist runs several)
        "DATABASE_URL": demo_database.copy_of("demo", tmp, "techbridge_browser"),
    }
    log = (tmp / "server.log").open("w")
    cli = [sys.executable, "-m", "techbridge.cli"]
    # Both passes index the same texts: the first stores its vectors in the run folder, the
    # other waits for them and loads them, and its build then encodes nothing (a vector is
    # reused only while its text's hash, encoder included, is the same).
    vectors = Path(os.environ[demo_database.RUN_FOLDER]) / VECTORS_FILE

    def run(step: list[str]) -> None:
        done = subprocess.run(step, env=env, stdout=log, stderr=subprocess.STDOUT)
        if done.returncode:
            log.flush()
            raise RuntimeError(f"{step[3]} failed:\n" + (tmp / "server.log").read_text())

    with FileLock(f"{vectors}.lock"):
        reuse = vectors.exists()
        if not reuse:
            partial = vectors.with_name(f"{os.getpid()}-{VECTORS_FILE}")
            run([*cli, *INDEXED_FOR_BROWSER])
            run([*cli, "dumpdata", "matching.DocumentVector", "--output", str(partial)])
            os.replace(partial, vectors)
    if reuse:
        run([*cli, "loaddata", str(vectors)])
        run([*cli, *INDEXED_FOR_BROWSER])
    proc = subprocess.Popen(
        [sys.executable, "-m", "techbridge.cli", "demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    SERVER_ENV[base] = env
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        "demo server did not start:\n" + (tmp / "server.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        if os.environ.get("TECHBRIDGE_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium-headless-shell)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


DESKTOP = {"width": 1400, "height": 1000}


@contextlib.contextmanager
def people(chromium: Any, base_url: str, viewport: dict[str, int]) -> Iterator[Any]:
    """``open_as(username)``: a signed-in page of its own browser session on ``base_url``;
    every session is closed on leaving."""
    contexts = []

    def open_as(username: str) -> Any:
        context = chromium.new_context(base_url=base_url, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        login(page, username)
        return page

    try:
        yield open_as
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def person(chromium: Any, demo_server: str) -> Iterator[Any]:
    """``person("hq")``: a signed-in page of its own browser session (desktop-sized)."""
    with people(chromium, demo_server, DESKTOP) as open_as:
        yield open_as


@pytest.fixture
def page(chromium: Any, demo_server: str) -> Iterator[Any]:
    context = chromium.new_context(base_url=demo_server, viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def login(page: Any, username: str, password: str = "techbridge-demo") -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form.card button[type=submit]")


def wait_until(page: Any, expression: str, timeout_s: float = 15.0) -> None:
    """Wait until ``expression`` is truthy in the page, polling from here.

    Playwright's ``wait_for_function`` polls by compiling the expression inside the page,
    which the pages' Content-Security-Policy (no ``unsafe-eval``) refuses; ``evaluate``
    runs through the browser's debugging protocol, which the policy does not govern.
    """
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression!r} still false after {timeout_s} s")
        page.wait_for_timeout(100)
