"""``techbridge bench speed --backend postgres``: the shared index in PostgreSQL, beside the
in-process engine measured in the same run on the same synthetic collection.

The collection is the one ``speed.py`` makes (vectors around centres spanned by real e5
embeddings, Zipf-distributed Chinese and English terms), loaded into an embedded PostgreSQL
server (or ``--database-url``) through :class:`~techbridge.matching.shared.SharedCollection`.
Figures:

- ``build_s``: loading the documents and their postings, and building the HNSW index;
- ``query_p50_ms`` / ``query_p99_ms``: one need (about 50 words, encoding included) through
  ``SharedCollection.match``; ``recall_at_10``: the HNSW index's top ten against exact search;
- ``experts_rank_ms``: 10,000 experts holding 200,000 documents, the need already encoded;
- ``worker_memory_gb``, ``worker_start_s`` and ``first_query_ms``: a fresh process that serves
  matches from the index (Django, the encoder, the database connection): its resident memory
  after 50 needs (``worker_private_gb``: the part of it no other process shares, i.e. without
  shared libraries and the pages of the model file that every process on the machine maps
  once; ``worker_pss_gb``: shared pages divided among their users), the seconds until it is
  ready (encoder and analysers loaded, as ``SharedPlatformIndex`` does at start) and its first
  need's time;
- ``throughput_qps_4_clients``: four such processes asking needs at once, needs per second.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from techbridge_bench.searched import match_need

if TYPE_CHECKING:
    from techbridge_bench.speed import Geometry

__all__ = ["run_speed_postgres"]

BATCH = 20_000
RESOURCES = 0
EXPERTS = 2


def _setup(url: str, data_dir: Path, *, migrate: bool) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "techbridge.settings",
            "TECHBRIDGE_DATA_DIR": str(data_dir),
            "TECHBRIDGE_DEMO": "1",
            "TECHBRIDGE_DEBUG": "0",
            "TECHBRIDGE_MATCHING_AUTOBUILD": "0",
            "TECHBRIDGE_CACHE_URL": "",
        }
    )
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", "matching", interactive=False, verbosity=0)


def _load(
    collection: int,
    vectors: np.ndarray,
    terms: list[list[str]],
    owners: np.ndarray,
    maintenance_mem: str,
) -> float:
    """Load a collection into the shared index; returns the seconds it took (HNSW included)."""
    from django.db import transaction

    from techbridge.engine import Document, MatcherConfig
    from techbridge.matching.shared import SharedCollection, vacuum_analyze

    shared = SharedCollection(collection, MatcherConfig(), encoder=_encoder())
    start = time.perf_counter()
    with transaction.atomic():
        shared.clear()
    n = len(vectors)
    for lo in range(0, n, BATCH):
        hi = min(lo + BATCH, n)
        docs = [
            Document(f"{collection}:{i}", f"e{int(owners[i])}", "expert", kind="paper")
            for i in range(lo, hi)
        ]
        with transaction.atomic():
            shared.add(docs, vectors=vectors[lo:hi], terms=terms[lo:hi])
        print(f"  loaded {hi}/{n} documents, {time.perf_counter() - start:.0f} s", flush=True)
    with transaction.atomic():
        shared.reweight()
    loaded = time.perf_counter() - start
    with transaction.atomic():
        shared.ensure_vector_indexes(maintenance_mem=maintenance_mem)
    vacuum_analyze()  # as a committed build does
    total = time.perf_counter() - start
    print(f"  load {loaded:.0f} s, HNSW index and analyse {total - loaded:.0f} s", flush=True)
    return total


_ENCODER: Any = None


def _encoder() -> Any:
    global _ENCODER
    if _ENCODER is None:
        from techbridge.engine import MatcherConfig
        from techbridge.engine.encoders import make_encoder

        config = MatcherConfig()
        _ENCODER = make_encoder(config.encoder, **config.encoder_params)
    return _ENCODER


def _worker(args: list[str]) -> int:
    """A serving process: ``--worker URL DATA_DIR NEEDS_FILE SECONDS``; prints one JSON line."""
    url, data_dir, needs_file, seconds = args[0], Path(args[1]), Path(args[2]), float(args[3])
    started = time.perf_counter()
    _setup(url, data_dir, migrate=False)
    from django.db import connections

    from techbridge.engine import MatcherConfig
    from techbridge.matching.shared import SharedCollection

    needs = json.loads(needs_file.read_text(encoding="utf-8"))
    drawn = needs_file.with_suffix(".npy")
    searched = np.load(drawn) if drawn.exists() else None
    shared = SharedCollection(RESOURCES, MatcherConfig())

    shared.warm()  # as a serving process does before it reports ready (SharedPlatformIndex)
    # A web worker warms up in a thread of its own: its requests come on other connections.
    connections.close_all()
    ready = time.perf_counter()
    t0 = time.perf_counter()
    match_need(shared, needs, searched, 0)
    first = time.perf_counter() - t0
    times = []
    done = 0
    deadline = time.perf_counter() + seconds
    i = 1
    while (seconds <= 0 and i <= 50) or (seconds > 0 and time.perf_counter() < deadline):
        t0 = time.perf_counter()
        match_need(shared, needs, searched, i % len(needs))
        times.append(time.perf_counter() - t0)
        done += 1
        i += 1
    memory = {"Rss": 0.0, "Pss": 0.0, "Private_Clean": 0.0, "Private_Dirty": 0.0}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in memory:
            memory[key] = int(value.split()[0]) / 1e6  # kB -> GB
    print(
        json.dumps(
            {
                "first_query_ms": round(first * 1000, 1),
                "start_s": round(ready - started, 2),
                "p50_ms": round(float(np.percentile(np.asarray(times) * 1000, 50)), 1),
                "queries": done,
                "rss_gb": round(memory["Rss"], 3),
                "pss_gb": round(memory["Pss"], 3),
                "private_gb": round(memory["Private_Clean"] + memory["Private_Dirty"], 3),
            }
        ),
        flush=True,
    )
    return 0


def _sizes(n_docs: int) -> dict[str, Any]:
    """Bytes a document takes in each part of the index (tables with their indexes), for the
    projection to larger collections (docs/scaling.md)."""
    from django.db import connection

    out: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for name, table in (
            ("documents", "matching_indexeddocument"),
            ("postings", "matching_indexedposting"),
            ("terms", "matching_indexedterm"),
        ):
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            out[f"bytes_per_doc_{name}"] = round(int(cursor.fetchone()[0]) / max(n_docs, 1))
        cursor.execute(
            "SELECT coalesce(sum(pg_relation_size(indexrelid)), 0) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'matching_shared_%%'"
        )
        out["bytes_per_doc_hnsw"] = round(int(cursor.fetchone()[0]) / max(n_docs, 1))
    print(f"  bytes per document: {out}", flush=True)
    return out


def _spawn(url: str, data_dir: Path, needs_file: Path, seconds: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "techbridge_bench.speed_postgres",
            "--worker",
            url,
            str(data_dir),
            str(needs_file),
            str(seconds),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def _last_json(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"a serving process failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _server_memory() -> dict[str, str]:
    """The server's memory settings the figures were measured with."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
        cursor.execute("SHOW effective_cache_size")
        cache = cursor.fetchone()[0]
    return {"server_shared_buffers": shared_buffers, "server_effective_cache_size": cache}


def run_speed_postgres(
    n_docs: int,
    n_queries: int,
    n_experts: int,
    expert_docs: int,
    seed: int = 0,
    database_url: str = "",
    maintenance_mem: str = "4GB",
    geometry: Geometry | None = None,
) -> dict[str, Any]:
    """The in-process figures (``speed.run_speed``), then the shared index's on the same
    collections; returns both, the shared index's under the issue's names."""
    from techbridge_bench.speed import run_speed

    inprocess = run_speed(n_docs, n_queries, n_experts, expert_docs, seed, geometry)
    figures: dict[str, Any] = {f"inprocess_{k}": v for k, v in inprocess.items()}
    figures["docs"] = n_docs
    if database_url:
        return _measure(
            figures,
            database_url,
            (n_docs, n_queries, n_experts, expert_docs, seed),
            maintenance_mem,
            geometry,
        )
    from techbridge.testing.postgres import embedded_postgres, production_memory

    with embedded_postgres(durable=True, settings=production_memory()) as url:
        return _measure(
            figures,
            url,
            (n_docs, n_queries, n_experts, expert_docs, seed),
            maintenance_mem,
            geometry,
        )


def _measure(
    figures: dict[str, Any],
    url: str,
    sizes: tuple[int, int, int, int, int],
    maintenance_mem: str,
    geometry: Geometry | None,
) -> dict[str, Any]:
    from techbridge_bench.speed import Collections, _Corpus, _percentiles

    n_docs, n_queries, n_experts, expert_docs, seed = sizes

    data_dir = Path(tempfile.mkdtemp(prefix="techbridge-speed-pg-"))
    _setup(url, data_dir, migrate=True)
    figures.update(_server_memory())
    from techbridge.engine import MatcherConfig
    from techbridge.engine.vectors import ExactIndex
    from techbridge.matching.shared import SharedCollection, graph_cast

    rng = np.random.default_rng(seed + 1)
    corpus = _Corpus(rng)
    encoder = _encoder()
    base = encoder.encode_documents([corpus.text(50, "zh" if i % 2 else "en") for i in range(64)])
    made = Collections(geometry, base)

    def collection(n: int, entities: int) -> tuple[np.ndarray, list[list[str]], np.ndarray]:
        vectors = made.documents(n, rng)
        words = rng.choice(len(corpus.p), size=(n, 40), p=corpus.p)
        terms = [corpus.terms(words[i], "zh" if i % 2 else "en") for i in range(n)]
        return vectors, terms, rng.integers(0, entities, n)

    print(f"shared index: loading {n_docs} documents", flush=True)
    vectors, terms, owners = collection(n_docs, max(n_docs // 20, 1))
    figures["build_s"] = round(_load(RESOURCES, vectors, terms, owners, maintenance_mem), 1)
    del terms
    figures.update(_sizes(n_docs))

    needs = [corpus.text(50, "zh" if i % 2 else "en") for i in range(n_queries)]
    searched = made.needs(n_queries, rng)
    shared = SharedCollection(RESOURCES, MatcherConfig(), encoder=encoder)

    for i in range(2):
        match_need(shared, needs, searched, i)
    times = []
    for i in range(len(needs)):
        start = time.perf_counter()
        match_need(shared, needs, searched, i)
        times.append(time.perf_counter() - start)
    p50, p99 = _percentiles(times)
    figures["query_p50_ms"], figures["query_p99_ms"] = round(p50, 1), round(p99, 1)

    # recall@10 of the HNSW search (at the depth a match uses) against exact search
    exact = ExactIndex(vectors.shape[1])
    exact.add(np.arange(len(vectors), dtype=np.int64), vectors)
    hits = []
    from django.db import connection, transaction

    for i, need in enumerate(needs[:50]):
        qv = shared.encode_need(need) if searched is None else searched[i : i + 1]
        ek, _ = exact.search(qv, 10)
        truth = {f"{RESOURCES}:{int(k)}" for k in ek[0]}
        graph = graph_cast(shared.dim)
        with transaction.atomic(), connection.cursor() as cursor:
            depth = min(shared.config.candidates, 1000)
            cursor.execute(f"SET LOCAL hnsw.ef_search = {depth}")
            cursor.execute(
                "SELECT doc_id FROM matching_indexeddocument WHERE collection = %s "
                f"ORDER BY (embedding::{graph}) <#> %s::{graph} "
                "LIMIT 10",
                [RESOURCES, "[" + ",".join(f"{x:.7g}" for x in qv.reshape(-1)) + "]"],
            )
            dense = {r[0] for r in cursor.fetchall()}
        hits.append(len(dense & truth) / 10)
    figures["recall_at_10"] = round(float(np.mean(hits)), 3)
    del exact, vectors
    print(
        f"shared index, one need vs {n_docs} docs: p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"recall@10 {figures['recall_at_10']} (in process: p50 "
        f"{figures['inprocess_query_p50_ms']} ms, p99 {figures['inprocess_query_p99_ms']} ms)",
        flush=True,
    )

    # a serving process: memory and first need; then four at once
    needs_file = data_dir / "needs.json"
    needs_file.write_text(json.dumps(needs, ensure_ascii=False), encoding="utf-8")
    if searched is not None:
        np.save(needs_file.with_suffix(".npy"), searched)
    one = _last_json(_spawn(url, data_dir, needs_file, 0))
    figures["worker_memory_gb"] = one["rss_gb"]
    figures["worker_private_gb"] = one["private_gb"]
    figures["worker_pss_gb"] = one["pss_gb"]
    figures["first_query_ms"] = one["first_query_ms"]
    figures["worker_start_s"] = one["start_s"]
    figures["worker_p50_ms"] = one["p50_ms"]
    clients = [_spawn(url, data_dir, needs_file, 20.0) for _ in range(4)]
    results = [_last_json(p) for p in clients]
    figures["throughput_qps_4_clients"] = round(sum(r["queries"] for r in results) / 20.0, 1)
    print(
        f"serving process: {one['rss_gb']} GB after 50 needs ({one['private_gb']} GB its own, "
        f"PSS {one['pss_gb']} GB), first need "
        f"{one['first_query_ms']} ms (then p50 {one['p50_ms']} ms); 4 clients: "
        f"{figures['throughput_qps_4_clients']} needs/s",
        flush=True,
    )

    # ranking experts: n_experts holding expert_docs documents, the need encoded
    ev, et, eo = collection(expert_docs, n_experts)
    _load(EXPERTS, ev, et, eo, maintenance_mem)
    experts = SharedCollection(EXPERTS, MatcherConfig(), encoder=encoder)
    searched = made.needs(n_queries, rng)
    rank = []
    for i, need in enumerate(needs[: min(n_queries, 100)]):
        qv = experts.encode_need(need) if searched is None else searched[i : i + 1]
        start = time.perf_counter()
        experts.match(need, entity_types=["expert"], k=10, need_vector=qv)
        rank.append(time.perf_counter() - start)
    figures["experts_rank_ms"] = round(_percentiles(rank)[0], 1)
    print(
        f"shared index, rank {n_experts} experts / {expert_docs} docs, need encoded: p50 "
        f"{figures['experts_rank_ms']} ms (in process {figures['inprocess_experts_rank_ms']} ms)",
        flush=True,
    )
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        raise SystemExit(_worker(sys.argv[2:]))
    raise SystemExit("usage: techbridge bench speed --backend postgres")
