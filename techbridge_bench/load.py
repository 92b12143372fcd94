"""``techbridge bench load``: requests per second and latency of the platform's busiest pages.

Prepares the demo data in a folder of its own and serves it with ``techbridge serve`` (the
production server with its default number of workers; or measures a running one given with
``--url``, loopback only), signs in as headquarters, and for each target runs
``--clients`` concurrent clients for ``--seconds``: the need list, a need's matches (the
match panel's fragment), the home dashboard and ``/api/needs/``. Prints one line per target
and ends with one line of JSON:
``{"<target>": {"rps": ..., "p50_ms": ..., "p99_ms": ..., "errors": ..., "requests": ...}}``.

    techbridge bench load [--clients 8] [--seconds 20] [--data-dir DIR] [--url URL]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: What the server's matching index holds: the experts of one field, encoded before it starts.
INDEXED = ("index", "build", "--field", "sic-power", "--kind", "expert")
MAX_CLIENTS = 64
MAX_SECONDS = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server(data_dir: Path) -> Iterator[str]:
    """The platform's server on the demo data in ``data_dir`` (prepared on first use)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "TECHBRIDGE_DEMO": "1",
        "TECHBRIDGE_DEBUG": "0",
        "TECHBRIDGE_DATA_DIR": str(data_dir),
        "TECHBRIDGE_MATCHING_AUTOBUILD": "1",
        "TECHBRIDGE_MATCHING_ENCODE_IN_WEB": "0",
        # The job worker must not encode the whole demo while the pages are measured.
        "TECHBRIDGE_DEMO_ENCODE": "0",
    }
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "techbridge.cli"]
    log_path = data_dir / "bench-load-server.log"
    with log_path.open("w") as log:
        for step in (["demo", "--no-serve"], list(INDEXED)):
            if subprocess.run(
                [*cli, *step], env=env, stdout=log, stderr=subprocess.STDOUT
            ).returncode:
                raise SystemExit(f"preparing the demo failed; see {log_path}")
        port = _free_port()
        # The production server (`techbridge serve`, its default workers for this machine),
        # as a deployment runs it; the demo's own job worker is not needed by these pages.
        proc = subprocess.Popen(
            [*cli, "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                        if json.load(answer).get("matching", {}).get("state") == "ready":
                            break
                except (OSError, ValueError):
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the server did not become ready; see {log_path}")
                time.sleep(0.5)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _opener() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def sign_in(base: str, username: str, password: str) -> http.cookiejar.CookieJar:
    opener, jar = _opener()
    with opener.open(base + "/accounts/login/", timeout=30) as page:
        html = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if token is None:
        raise SystemExit("no sign-in form at " + base)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=body, headers={"Referer": base + "/accounts/login/"}
    )
    with opener.open(request, timeout=30) as answer:
        if "/accounts/login/" in answer.geturl():
            raise SystemExit(f"signing in as {username} failed")
    return jar


def _need_with_matches(base: str, jar: http.cookiejar.CookieJar) -> int:
    """A need of the indexed field, from the API."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/api/technology-fields/?limit=1000", timeout=30) as answer:
        fields = json.load(answer)
    rows = fields.get("results", fields)
    field = next(f["id"] for f in rows if f.get("code") == "sic-power")
    with opener.open(f"{base}/api/needs/?technology_field={field}&limit=1", timeout=30) as answer:
        needs = json.load(answer)
    return int(needs.get("results", needs)[0]["id"])


def run_target(
    base: str, path: str, jar: http.cookiejar.CookieJar, clients: int, seconds: float
) -> dict[str, Any]:
    """``clients`` threads request ``path`` in a loop for ``seconds``; latencies of the
    answers that arrived within the time."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        nonlocal errors
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                with opener.open(base + path, timeout=60) as answer:
                    answer.read()
                    ok = answer.status == 200
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000

    return {
        "requests": len(ordered) + errors,
        "errors": errors,
        "rps": round(len(ordered) / wall, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else float("nan"),
        "p99_ms": round(pct(0.99), 1),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="techbridge bench load", description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--data-dir", help="the demo server's folder (default: a new one)")
    parser.add_argument("--url", help="measure a running server instead (loopback only)")
    parser.add_argument("--user", default="hq")
    parser.add_argument("--password", default="techbridge-demo")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--clients 1..{MAX_CLIENTS}, --seconds 1..{MAX_SECONDS}")
    if args.url and urllib.parse.urlsplit(args.url).hostname not in (
        "127.0.0.1",
        "localhost",
        "::1",
    ):
        parser.error("--url must be a loopback address: the load is not sent to other machines")

    @contextmanager
    def server() -> Iterator[str]:
        if args.url:
            yield args.url.rstrip("/")
        elif args.data_dir:
            with demo_server(Path(args.data_dir)) as base:
                yield base
        else:
            with (
                tempfile.TemporaryDirectory(prefix="techbridge-load-") as tmp,
                demo_server(Path(tmp)) as base,
            ):
                yield base

    with server() as base:
        jar = sign_in(base, args.user, args.password)
        need = _need_with_matches(base, jar)
        targets = {
            "need_list": "/needs/",
            "need_matches": f"/matching/needs/{need}/?type=expert",
            "dashboard": "/",
            "api_needs": "/api/needs/",
        }
        results: dict[str, Any] = {}
        for name, path in targets.items():
            # warm up: the first requests of each server process fill its caches
            run_target(base, path, jar, args.clients, 3)
            results[name] = run_target(base, path, jar, args.clients, args.seconds)
            r = results[name]
            print(
                f"{name:13s} {path:40s} {r['rps']:7.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
                f"p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}",
                flush=True,
            )
        results["clients"] = args.clients
        results["seconds"] = args.seconds
        print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
