"""``techbridge bench deployment``: the deployed shape's figures.

Prepares the demo network on a database of its own (SQLite in a new folder, or with
``--database postgres`` an embedded PostgreSQL server), starts two ``techbridge serve``
processes (one web worker each) and one ``techbridge worker``, then measures:

- **freshness lag**: ``--changes`` times, a separate process (``techbridge shell``) deletes
  the previous change's document and adds one whose text is a need's to a new expert, and
  both web workers' match lists for that need are polled until the expert shows; the lag is
  from the writing process's exit to the match list (median and worst, over both workers);
- **jobs per second**: ``--jobs`` jobs queued at once (each writes and reads the database),
  timed until the queue has stored the result of every one;
- **web worker memory**: resident memory of each serve process with the demo data loaded and
  its index built from the stored vectors; with ``--full-index`` every demo text is encoded
  first (``techbridge index build``, timed), so the figure is that of the whole demo index.

Ends with one line of JSON.

    techbridge bench deployment [--database sqlite|postgres] [--changes 20] [--jobs 200]
                                [--full-index]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

from techbridge.testing.processes import (
    CLI,
    Process,
    get_json,
    manage,
    manage_json,
    serve,
    worker,
)


@contextlib.contextmanager
def _database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'techbridge.sqlite3'}"
        return
    from techbridge.testing.postgres import embedded_postgres, production_memory

    with embedded_postgres(durable=True, settings=production_memory()) as url:
        yield url


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _gunicorn_workers(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


# The previous change's document goes first (a deletion, through the feed as well), so the
# new expert competes with the field's experts, not with the earlier copies of the need.
ADD = """
from techbridge.people.models import Expert, ProfileDocument
ProfileDocument.objects.filter(expert__email__endswith="@bench.example.org").delete()
e = Expert.objects.get(pk=EXPERT)
ProfileDocument.objects.create(expert=e, kind="paper", title=TITLE, abstract=TEXT,
                               language="zh", year=2024)
"""

SETUP = """
import json
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import Expert
need = TechnologyNeed.objects.filter(technology_field__code="sic-power").order_by("pk").first()
template = Expert.objects.filter(technology_fields__code="sic-power").order_by("pk").first()
experts = []
for i in range(CHANGES):
    e = Expert.objects.create(name_zh=f"时效{i}", name_en=f"Freshness {i}", title=template.title,
                              organisation=template.organisation, country="CN",
                              email=f"freshness-{i}@bench.example.org")
    experts.append(e.pk)
print(json.dumps({"need": need.pk, "title": need.title, "text": need.description,
                  "experts": experts}))
"""


# Queued at once from one process, which then waits until the queue has stored the result
# of every one (django-q2's Success rows): the time is that of the jobs done, not taken.
JOBS = """
import json, time
from django_q.models import Success
from techbridge.core import jobs
group = f"bench-{time.time_ns()}"
started = time.monotonic()
for _ in range(COUNT):
    jobs.submit("techbridge.matching.jobs.prune_changes", [], {}, name=group)
while Success.objects.filter(group=group).count() < COUNT:
    if time.monotonic() - started > 600:
        raise SystemExit("the jobs did not finish within 600 s")
    time.sleep(0.05)
print(json.dumps({"seconds": time.monotonic() - started}))
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="techbridge bench deployment", description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--full-index", action="store_true", help="encode every demo text first")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="techbridge-deploy-") as tmp,
        _database(args.database, Path(tmp)) as url,
    ):
        folder = Path(tmp)
        env = {
            **os.environ,
            "TECHBRIDGE_DEMO": "1",
            "TECHBRIDGE_DEBUG": "0",
            "TECHBRIDGE_DATA_DIR": str(folder),
            "DATABASE_URL": url,
            "TECHBRIDGE_JOBS_SYNC": "0",
            "TECHBRIDGE_MATCHING_AUTOBUILD": "1",
            "TECHBRIDGE_MATCHING_ENCODE_IN_WEB": "0",
            # The demo's first start queues nothing: --full-index encodes in one command.
            "TECHBRIDGE_DEMO_ENCODE": "0",
        }
        log = folder / "prepare.log"
        with log.open("w") as out:
            if subprocess.run(
                [*CLI, "demo", "--no-serve"], env=env, stdout=out, stderr=out
            ).returncode:
                raise SystemExit(f"preparing the demo failed; see {log}")
            if args.full_index:
                began = time.monotonic()
                if subprocess.run(
                    [*CLI, "index", "build"], env=env, stdout=out, stderr=out
                ).returncode:
                    raise SystemExit(f"encoding the demo texts failed; see {log}")
                print(f"every demo text encoded in {time.monotonic() - began:.0f} s")
        started = time.monotonic()
        servers = [serve(env, folder / f"web-{n}.log") for n in range(2)]
        print(f"2 web workers ready in {time.monotonic() - started:.1f} s")
        job_worker: Process = worker(env, folder / "worker.log")
        try:
            setup = manage_json(env, SETUP.replace("CHANGES", str(args.changes)))
            lags: list[float] = []
            for n, expert in enumerate(setup["experts"]):
                code = (
                    ADD.replace("EXPERT", str(expert))
                    .replace("TITLE", json.dumps(f"{setup['title']}（{n}）"))
                    .replace("TEXT", json.dumps(setup["text"]))
                )
                manage(env, code)
                written = time.monotonic()
                pending = {base for _, base in servers}
                while pending and time.monotonic() - written < 60:
                    for base in list(pending):
                        url_ = f"{base}/api/needs/{setup['need']}/matches/?type=expert"
                        try:
                            ids = [m["resource_id"] for m in get_json(url_, "admin")]
                        except urllib.error.HTTPError as error:
                            if error.code != 503:  # 503: nothing indexed yet
                                raise
                            ids = []
                        if str(expert) in ids:
                            lags.append(time.monotonic() - written)
                            pending.discard(base)
                    time.sleep(0.05)
                if pending:
                    raise SystemExit(f"change {n} did not reach {sorted(pending)} within 60 s")
            print(
                f"freshness lag over {len(lags)} (change, worker) pairs: "
                f"median {statistics.median(lags):.2f} s, worst {max(lags):.2f} s"
            )

            done = manage_json(env, JOBS.replace("COUNT", str(args.jobs)))
            jobs_s = args.jobs / done["seconds"]
            print(f"jobs: {args.jobs} done in {done['seconds']:.1f} s, {jobs_s:.1f} jobs/s")
            base = servers[0][1]

            memory = [
                _rss_mb(pid) for proc, _ in servers for pid in _gunicorn_workers(proc.proc.pid)
            ]
            indexed = get_json(f"{base}/healthz")["matching"]["indexed"]
            print(
                f"web worker memory (RSS): {', '.join(f'{m:.0f} MB' for m in memory)}"
                f" with {indexed} documents indexed"
            )
            result = {
                "database": args.database,
                "freshness_median_s": round(statistics.median(lags), 2),
                "freshness_worst_s": round(max(lags), 2),
                "jobs_per_s": round(jobs_s, 1),
                "web_worker_rss_mb": round(max(memory), 0),
                "indexed": indexed,
                "full_index": args.full_index,
            }
        finally:
            job_worker.stop()
            for proc, _ in servers:
                proc.stop()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
