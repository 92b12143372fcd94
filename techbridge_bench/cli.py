"""``techbridge bench ...``: measure the engine on real data and on synthetic load.

Every subcommand builds the platform's default :class:`~techbridge.engine.matcher.Matcher`
(same class, same config) and ends its output with one line of JSON holding its figures.

    techbridge bench goldstandard --data DIR --out DIR
    techbridge bench csl --data papers.jsonl --query keywords|title --out run.csv
    techbridge bench xling --data pairs.jsonl --direction zh2en|en2zh --out run.csv
    techbridge bench speed --docs 1000000
    techbridge bench gpu-pack --out DIR      (then tools/gpu_encode_bench.py DIR on a GPU)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from techbridge.engine.matcher import Document
from techbridge_bench.data import (
    csl_documents,
    default_cache_dir,
    gold_need,
    make_bench_matcher,
    read_csl,
    read_goldstandard_copy,
    read_xling,
)

__all__ = ["main"]


def _cache(args: argparse.Namespace) -> Path | None:
    return None if args.no_cache else (Path(args.cache) if args.cache else default_cache_dir())


def _emit(figures: dict[str, Any]) -> None:
    print(json.dumps(figures, ensure_ascii=False, sort_keys=True))


def cmd_goldstandard(args: argparse.Namespace) -> int:
    """One ``run_k.csv`` per ``d_20_k`` copy: ``paper_id,reviewer_id,score`` for every pair."""
    data, out = Path(args.data), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    copies = sorted(
        (p for p in data.glob("d_20_*") if p.is_dir()), key=lambda p: int(p.name.split("_")[-1])
    )
    if not copies:
        print(f"no d_20_* folders under {data}", file=sys.stderr)
        return 2
    written = []
    pairs = 0
    start = time.perf_counter()
    for copy in copies:
        submissions, docs = read_goldstandard_copy(copy)
        matcher = make_bench_matcher(_cache(args)).fit(docs)
        k = copy.name.split("_")[-1]
        path = out / f"run_{k}.csv"
        with open(path, "w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["paper_id", "reviewer_id", "score"])
            for pid, (title, abstract) in submissions.items():
                need = gold_need(title, abstract)
                for m in matcher.match(
                    need, entity_types=["expert"], k=0, explain=False, need_title=title
                ):
                    writer.writerow([pid, m.entity_id, f"{m.score:.6f}"])
                    pairs += 1
        written.append(str(path))
        print(f"{copy.name}: {len(submissions)} submissions, {len(docs)} documents -> {path}")
    _emit(
        {
            "command": "goldstandard",
            "runs": written,
            "pairs": pairs,
            "seconds": round(time.perf_counter() - start, 1),
        }
    )
    return 0


def cmd_csl(args: argparse.Namespace) -> int:
    """Discipline ranking: each paper's keywords (or title) vs disciplines known by papers
    (indexed as institutes, see :func:`~techbridge_bench.data.csl_documents`)."""
    papers = read_csl(Path(args.data))
    docs = csl_documents(papers)
    start = time.perf_counter()
    matcher = make_bench_matcher(_cache(args)).fit(docs)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with open(out, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["query_id", "discipline", "score"])
        for p in papers:
            need = "，".join(p.keywords) if args.query == "keywords" else p.title
            for m in matcher.match(
                need, entity_types=["institute"], k=10, exclude_doc_ids=[p.id], explain=False
            ):
                writer.writerow([p.id, m.entity_id, f"{m.score:.6f}"])
                rows += 1
    print(f"csl {args.query}: {len(papers)} queries -> {out}")
    _emit(
        {
            "command": "csl",
            "query": args.query,
            "run": str(out),
            "queries": len(papers),
            "rows": rows,
            "seconds": round(time.perf_counter() - start, 1),
        }
    )
    return 0


def cmd_xling(args: argparse.Namespace) -> int:
    """Cross-lingual known-item search: zh texts vs the en corpus (or the other way)."""
    pairs = read_xling(Path(args.data))
    src, dst = ("zh", "en") if args.direction == "zh2en" else ("en", "zh")
    docs = [Document(r["id"], r["id"], "text", text=r[dst], kind=r.get("kind", "")) for r in pairs]
    start = time.perf_counter()
    matcher = make_bench_matcher(_cache(args)).fit(docs)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with open(out, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["query_id", "doc_id", "score"])
        for r in pairs:
            for hit in matcher.search(r[src], k=10):
                writer.writerow([r["id"], hit.doc_id, f"{hit.score:.6f}"])
                rows += 1
    print(f"xling {args.direction}: {len(pairs)} queries -> {out}")
    _emit(
        {
            "command": "xling",
            "direction": args.direction,
            "run": str(out),
            "queries": len(pairs),
            "rows": rows,
            "seconds": round(time.perf_counter() - start, 1),
        }
    )
    return 0


def cmd_speed(args: argparse.Namespace) -> int:
    """Latency, load time, memory and encoding throughput on synthetic collections."""
    from techbridge_bench.speed import run_speed

    figures = run_speed(
        n_docs=args.docs,
        n_queries=args.queries,
        n_experts=args.experts,
        expert_docs=args.expert_docs,
        seed=args.seed,
    )
    _emit({"command": "speed", **figures})
    return 0


def cmd_gpu_pack(args: argparse.Namespace) -> int:
    """Tokenised documents and the model's tensors for the GPU throughput run."""
    from techbridge_bench.gpu import write_pack

    summary = write_pack(Path(args.out), n_docs=args.docs)
    print(f"wrote {args.out}: {summary['docs']} documents, {summary['pack_mb']} MB")
    _emit({"command": "gpu-pack", **summary})
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``bench`` argument parser."""
    parser = argparse.ArgumentParser(prog="techbridge bench", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--cache", help="embedding cache dir (default ~/.cache/techbridge)")
        p.add_argument("--no-cache", action="store_true", help="encode everything afresh")

    p = sub.add_parser("goldstandard", help="expert finding (Stelmakh et al. gold standard)")
    p.add_argument("--data", required=True, help="folder holding d_20_1 ... d_20_10")
    p.add_argument("--out", required=True, help="folder for run_k.csv files")
    common(p)
    p.set_defaults(func=cmd_goldstandard)

    p = sub.add_parser("csl", help="CSL discipline ranking")
    p.add_argument("--data", required=True, help="papers.jsonl")
    p.add_argument("--query", choices=["keywords", "title"], default="keywords")
    p.add_argument("--out", required=True, help="run CSV to write")
    common(p)
    p.set_defaults(func=cmd_csl)

    p = sub.add_parser("xling", help="cross-lingual zh<->en known-item search")
    p.add_argument("--data", required=True, help="pairs.jsonl")
    p.add_argument("--direction", choices=["zh2en", "en2zh"], default="zh2en")
    p.add_argument("--out", required=True, help="run CSV to write")
    common(p)
    p.set_defaults(func=cmd_xling)

    p = sub.add_parser("speed", help="latency/throughput on synthetic collections")
    p.add_argument("--docs", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--experts", type=int, default=10_000)
    p.add_argument("--expert-docs", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_speed)

    p = sub.add_parser("gpu-pack", help="documents and model tensors for a GPU machine")
    p.add_argument("--out", required=True, help="folder to write")
    p.add_argument("--docs", type=int, default=20_000)
    p.set_defaults(func=cmd_gpu_pack)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``main(sys.argv[2:])`` from ``techbridge bench ...``."""
    args = build_parser().parse_args(list(argv) if argv is not None else sys.argv[1:])
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
