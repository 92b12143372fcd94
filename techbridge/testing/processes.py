"""Real server and worker processes for the deployment tests and benchmarks: start
``techbridge serve`` and ``techbridge worker`` on a database, wait for them, talk HTTP."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

CLI = [sys.executable, "-m", "techbridge.cli"]
PASSWORD = "techbridge-demo"


def free_ports(count: int) -> list[int]:
    """``count`` different loopback ports free now: the probing sockets stay open until all are
    chosen, so the system cannot hand the same port out twice (servers started together bind
    theirs only later)."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]


def free_port() -> int:
    return free_ports(1)[0]


class Process:
    """A child process in a session of its own (so ``kill(SIGKILL)`` takes its children too),
    with its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = log.open("a")
        self.proc = subprocess.Popen(
            [*CLI, *args],
            env=env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        self._out.flush()
        return self.log.read_text(errors="replace")

    def wait_for_output(self, *texts: str, timeout_s: float = 120) -> None:
        """Wait until the output holds one of ``texts``."""
        deadline = time.monotonic() + timeout_s
        while not any(text in self.output() for text in texts):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"no {texts!r} from {self.log.name}:\n{self.output()[-4000:]}")
            time.sleep(0.2)

    def kill(self, sig: int = signal.SIGKILL, timeout_s: float = 30) -> None:
        """Signal the process and every process it started (the worker's children)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)
        self.proc.wait(timeout=timeout_s)

    def stop(self) -> None:
        """Ask the process to stop, as a service manager does (SIGTERM to the main process,
        which stops its own children in order); kill it if it has not within 30 s, and
        whatever it left running in its session (a job process whose parent stopped first)."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        self._out.close()


def serve(env: dict[str, str], log: Path, workers: int = 1) -> tuple[Process, str]:
    """``techbridge serve`` on a free port; returns once its index is loaded."""
    return serve_all(env, [log], workers)[0]


def serve_all(env: dict[str, str], logs: list[Path], workers: int = 1) -> list[tuple[Process, str]]:
    """One ``techbridge serve`` on a free port per log, started together; returns once every
    one's index is loaded."""
    started = []
    for log, port in zip(logs, free_ports(len(logs)), strict=True):
        args = ["serve", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
        started.append((Process(args, env, log), f"http://127.0.0.1:{port}"))
    deadline = time.monotonic() + 180
    for proc, base in started:
        while True:
            try:
                if get_json(base + "/healthz")["matching"]["state"] == "ready":
                    break
            except OSError:
                pass
            if proc.proc.poll() is not None or time.monotonic() > deadline:
                for other, _ in started:
                    other.stop()
                raise RuntimeError(f"server did not start:\n{proc.output()[-4000:]}")
            time.sleep(0.3)
    return started


def worker(env: dict[str, str], log: Path) -> Process:
    """``techbridge worker``; returns once its cluster runs (its log speaks the default
    language)."""
    proc = Process(["worker"], env, log)
    proc.wait_for_output("running.", "正在运行。", timeout_s=60)
    return proc


def manage(env: dict[str, str], code: str) -> str:
    """Run Python ``code`` in a separate ``techbridge shell`` process; returns its stdout."""
    done = subprocess.run(
        [*CLI, "shell", "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode:
        raise RuntimeError(done.stdout + done.stderr)
    return done.stdout


def _last_json(printed: str) -> Any:
    """The JSON value on the last line of ``printed`` (the lines before it are a log)."""
    return json.loads(printed.strip().splitlines()[-1])


def manage_json(env: dict[str, str], code: str) -> Any:
    """The JSON value that ``code``, run by :func:`manage`, printed on its last line (the
    lines before it are the shell's log)."""
    return _last_json(manage(env, code))


class Shell:
    """One Django process on ``env``'s database that runs the Python snippets sent to it:
    :func:`manage` without starting Django for each snippet, for tests that poll. Its log
    (Django's own output) is written to ``log``."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self._log = log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "techbridge.testing.shell_server"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            encoding="utf-8",
        )

    def run(self, code: str) -> str:
        """What ``code`` printed; raises with its traceback if it raised."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(code) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the shell stopped (exit {self.proc.wait()}); see {self._log.name}")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(answer["stdout"] + answer["error"])
        return str(answer["stdout"])

    def json(self, code: str) -> Any:
        """The JSON value that ``code`` printed on its last line."""
        return _last_json(self.run(code))

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()

    def __enter__(self) -> Shell:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _auth(username: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()


def get_json(url: str, username: str = "") -> Any:
    headers = {"Authorization": _auth(username)} if username else {}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def send_json(url: str, body: dict[str, Any], username: str, method: str = "POST") -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Authorization": _auth(username), "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            return json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{method} {url}: {error.code} {error.read()[:2000]!r}") from None


def signed_in(base: str, username: str, password: str = PASSWORD) -> Any:
    """A ``requests`` session signed in through the sign-in form of the server at ``base``
    (the session cookie is not set when the form refuses the password)."""
    import requests

    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=60)
    session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=60,
    )
    return session
