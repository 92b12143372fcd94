"""The load benchmark counts answers, errors and latencies right, and sends load to loopback
addresses only."""

from __future__ import annotations

import http.cookiejar
import http.server
import threading
from collections.abc import Iterator

import pytest

from techbridge_bench.load import main, run_target


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 200 if self.path == "/ok" else 500
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_answers_are_counted_with_their_latencies(server: str) -> None:
    figures = run_target(server, "/ok", http.cookiejar.CookieJar(), clients=2, seconds=1)
    assert figures["errors"] == 0 and figures["requests"] > 10
    assert figures["rps"] > 10 and 0 < figures["p50_ms"] <= figures["p99_ms"]


def test_errors_are_counted_apart(server: str) -> None:
    figures = run_target(server, "/broken", http.cookiejar.CookieJar(), clients=2, seconds=1)
    assert figures["errors"] == figures["requests"] > 0 and figures["rps"] == 0


def test_load_is_sent_to_loopback_only() -> None:
    with pytest.raises(SystemExit):
        main(["--url", "http://example.org/"])
    with pytest.raises(SystemExit):
        main(["--clients", "1000"])
