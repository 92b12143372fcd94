"""``techbridge bench ...``: measure the engine on real data and on synthetic load.

Every subcommand builds the platform's default :class:`~techbridge.engine.matcher.Matcher`
(same class, same config) and ends its output with one line of JSON holding its figures.

    techbridge bench goldstandard --data DIR --out DIR [--cv K] [--calibration]
    techbridge bench csl --data papers.jsonl --query keywords|title --out run.csv
    techbridge bench xling --data pairs.jsonl --direction zh2en|en2zh --out run.csv
    (these three with --backend postgres: the same ranking through the shared index)
    techbridge bench speed --docs 1000000 [--backend postgres]
    techbridge bench gpu-pack --out DIR      (then tools/gpu_encode_bench.py DIR on a GPU)
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from techbridge.engine.matcher import Document
from techbridge_bench.data import (
    csl_documents,
    default_cache_dir,
    gold_need,
    read_csl,
    read_goldstandard_copy,
    read_xling,
)
from techbridge_bench.goldstandard import (
    calibrate_cv,
    fold_losses,
    gold_loss,
    read_ratings,
    runs_from_rows,
    split_researchers,
)
from techbridge_bench.shared_backend import BACKENDS, Fit, bench_rankers
from techbridge_bench.stamp import begin, stamp

__all__ = ["main"]


def _cache(args: argparse.Namespace) -> Path | None:
    return None if args.no_cache else (Path(args.cache) if args.cache else default_cache_dir())


def _rankers(args: argparse.Namespace) -> contextlib.AbstractContextManager[Fit]:
    """``fit(documents) -> ranker`` for the command's ``--backend``."""
    return bench_rankers(
        args.backend, _cache(args), database_url=args.database_url, **_overrides(args)
    )


def _emit(figures: dict[str, Any]) -> None:
    """The bench's last line: its figures as JSON, with the commit and date they are of."""
    print(json.dumps({**stamp(), **figures}, ensure_ascii=False, sort_keys=True))


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    """``--set key=value`` pairs as MatcherConfig overrides (values parsed as JSON if they can)."""
    out: dict[str, Any] = {}
    for item in getattr(args, "set", None) or []:
        key, _, value = item.partition("=")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def cmd_goldstandard(args: argparse.Namespace) -> int:
    """One ``run_k.csv`` per ``d_20_k`` copy: ``paper_id,reviewer_id,score`` for every pair.

    With ``--cv K`` also the loss of each fold of researchers, its mean ± std, the held-out
    split and the rest of the dev part; with ``--calibration`` the fit bands against the
    researchers' ratings, cross-validated (see :mod:`techbridge_bench.goldstandard`)."""
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
    rows: dict[str, list[tuple[str, str, float]]] = {}
    start = time.perf_counter()
    with _rankers(args) as fit:
        for copy in copies:
            submissions, docs = read_goldstandard_copy(copy)
            matcher = fit(docs)
            k = copy.name.split("_")[-1]
            path = out / f"run_{k}.csv"
            mine = rows.setdefault(f"{int(k):03d}", [])
            with open(path, "w", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["paper_id", "reviewer_id", "score"])
                for pid, (title, abstract) in submissions.items():
                    need = gold_need(title, abstract)
                    for m in matcher.match(
                        need, entity_types=["expert"], k=0, explain=False, need_title=title
                    ):
                        writer.writerow([pid, m.entity_id, f"{m.score:.6f}"])
                        mine.append((pid, m.entity_id, round(m.score, 6)))
                        pairs += 1
            written.append(str(path))
            print(f"{copy.name}: {len(submissions)} submissions, {len(docs)} documents -> {path}")
    figures: dict[str, Any] = {
        "command": "goldstandard",
        "backend": args.backend,
        "runs": written,
        "pairs": pairs,
        "seconds": round(time.perf_counter() - start, 1),
    }
    if args.cv or args.calibration:
        figures.update(_gold_figures(args, data, runs_from_rows(rows)))
    _emit(figures)
    return 0


def _gold_figures(
    args: argparse.Namespace, data: Path, runs: list[dict[str, dict[str, float]]]
) -> dict[str, Any]:
    """Print the folds' losses and the calibration bands; return their figures."""
    truth = read_ratings(Path(args.evaluations) if args.evaluations else data / "evaluations.csv")
    folds, held_out = split_researchers(truth, args.cv or 5)
    dev = [r for fold in folds for r in fold]
    figures: dict[str, Any] = {}
    if args.cv:
        losses = fold_losses(truth, runs, folds)
        for f, (fold, loss) in enumerate(zip(folds, losses, strict=True)):
            print(f"fold {f + 1} ({len(fold)} researchers): loss {loss:.4f}")
        mean, std = float(np.mean(losses)), float(np.std(losses))
        dev_loss = gold_loss(truth, runs, dev)
        held = gold_loss(truth, runs, held_out)
        everyone = gold_loss(truth, runs, sorted(truth))
        print(f"folds: loss {mean:.4f} ± {std:.4f}")
        print(
            f"dev ({len(dev)} researchers) {dev_loss:.4f}, held-out split ({len(held_out)}) "
            f"{held:.4f}, all {len(truth)} {everyone:.4f}"
        )
        figures |= {
            "fold_losses": [round(x, 4) for x in losses],
            "loss_folds_mean": round(mean, 4),
            "loss_folds_std": round(std, 4),
            "loss_dev": round(dev_loss, 4),
            "loss_held_out": round(held, 4),
            "loss_all": round(everyone, 4),
        }
    if args.calibration:
        lines, final, summary = calibrate_cv(truth, runs, folds, held_out)
        print("fit band (0-100) -> rated pairs of all copies, mean rating, share rated >= 4")
        print("\n".join(lines))
        figures |= summary
        if args.write_calibration:
            final.save(args.write_calibration)
            print(f"wrote {args.write_calibration} ({len(final.scores_)} knots)")
    return figures


def cmd_csl(args: argparse.Namespace) -> int:
    """Discipline ranking: each paper's keywords (or title) vs disciplines known by papers
    (indexed as institutes, see :func:`~techbridge_bench.data.csl_documents`).

    ``--sweep`` and ``--cv`` as for ``xling``; the folds are folds of disciplines (a paper's
    query is in its discipline's fold), the held-out split every fifth discipline by name."""
    papers = read_csl(Path(args.data))
    docs = csl_documents(papers)
    key, values = _sweep(args)
    start = time.perf_counter()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    rr: dict[Any, dict[tuple[str, str], float]] = {}
    runs: list[str] = []
    with _rankers(args) as fit:
        for value in values:
            path = _run_path(out, "", key, value)
            runs.append(str(path))
            mine = rr.setdefault(value, {})
            with _run_file(path, ["query_id", "discipline", "score"]) as writer:
                matcher = fit(docs, **({key: value} if key else {}))
                for p in papers:
                    need = "，".join(p.keywords) if args.query == "keywords" else p.title
                    got = matcher.match(
                        need,
                        entity_types=["institute"],
                        k=10,
                        exclude_doc_ids=[p.id],
                        explain=False,
                    )
                    mine[(p.discipline, p.id)] = next(
                        (1.0 / (i + 1) for i, m in enumerate(got) if m.entity_id == p.discipline),
                        0.0,
                    )
                    for m in got:
                        writer.writerow([p.id, m.entity_id, f"{m.score:.6f}"])
                        rows += 1
            label = f" {key}={value}" if key else ""
            print(f"csl {args.query}{label}: {len(papers)} queries -> {path}")
    figures: dict[str, Any] = {
        "command": "csl",
        "backend": args.backend,
        "query": args.query,
        "runs": runs,
        "queries": len(papers),
        "rows": rows,
        "seconds": round(time.perf_counter() - start, 1),
    }
    if args.cv:
        disciplines = sorted({p.discipline for p in papers})
        figures |= _cv_report(rr, {d: "" for d in disciplines}, values, key, args.cv, "disciplines")
    _emit(figures)
    return 0


def cmd_xling(args: argparse.Namespace) -> int:
    """Cross-lingual known-item search: zh texts vs the en corpus (or the other way).

    ``--direction both`` ranks both ways (run files ``OUT-zh2en.csv`` and ``OUT-en2zh.csv``).
    ``--sweep key=v1,v2,...`` ranks once per value of one ``MatcherConfig`` key (run files
    named by the value). ``--cv K`` prints MRR@10 on each of K folds of pairs (both directions
    of a pair in one fold; folds stratified by kind) with the value each fold's other folds
    choose, their mean ± std, and the value the whole dev split chooses scored on the held-out
    split (every fifth pair by id), which no choice sees."""
    pairs = read_xling(Path(args.data))
    directions = ["zh2en", "en2zh"] if args.direction == "both" else [args.direction]
    key, values = _sweep(args)
    start = time.perf_counter()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    rr: dict[Any, dict[tuple[str, str], float]] = {}
    runs: list[str] = []
    with _rankers(args) as fit:
        for value in values:
            for direction in directions:
                src, dst = ("zh", "en") if direction == "zh2en" else ("en", "zh")
                docs = [
                    Document(r["id"], r["id"], "text", text=r[dst], kind=r.get("kind", ""))
                    for r in pairs
                ]
                if args.pool == "mixed":
                    # The other pairs' texts in the query's own language compete too (each
                    # query's own text is left out): how far a same-language text on another
                    # subject outranks the right one in the other language.
                    docs += [
                        Document(_own(r, src), _own(r, src), "text", text=r[src], kind="own")
                        for r in pairs
                    ]
                path = _run_path(out, direction if len(directions) > 1 else "", key, value)
                runs.append(str(path))
                mine = rr.setdefault(value, {})
                with _run_file(path, ["query_id", "doc_id", "score"]) as writer:
                    matcher = fit(docs, **({key: value} if key else {}))
                    for r in pairs:
                        own = [_own(r, src)] if args.pool == "mixed" else []
                        hits = matcher.search(r[src], k=10, exclude_doc_ids=own)
                        mine[(str(r["id"]), direction)] = next(
                            (1.0 / (i + 1) for i, h in enumerate(hits) if h.doc_id == r["id"]), 0.0
                        )
                        for hit in hits:
                            writer.writerow([r["id"], hit.doc_id, f"{hit.score:.6f}"])
                            rows += 1
                label = f" {key}={value}" if key else ""
                print(f"xling {direction}{label}: {len(pairs)} queries -> {path}")
    figures: dict[str, Any] = {
        "command": "xling",
        "backend": args.backend,
        "direction": args.direction,
        "pool": args.pool,
        "runs": runs,
        "queries": len(pairs) * len(directions),
        "rows": rows,
        "seconds": round(time.perf_counter() - start, 1),
    }
    if args.cv:
        kinds = {str(p["id"]): str(p.get("kind", "")) for p in pairs}
        figures |= _cv_report(rr, kinds, values, key, args.cv, "pairs")
    _emit(figures)
    return 0


def _own(pair: dict[str, Any], language: str) -> str:
    """The id of a pair's ``language`` text in a mixed pool."""
    return f"{pair['id']}~{language}"


def _sweep(args: argparse.Namespace) -> tuple[str, list[Any]]:
    """``--sweep key=v1,v2,...`` as (key, values); ("", [None]) without it."""
    if not getattr(args, "sweep", None):
        return "", [None]
    key, _, listed = args.sweep.partition("=")
    return key, [json.loads(v) for v in listed.split(",")]


@contextlib.contextmanager
def _run_file(path: Path, header: list[str]) -> Iterator[Any]:
    """A run CSV at ``path`` with its ``header``: yields its writer."""
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        yield writer


def _run_path(out: Path, direction: str, key: str, value: Any) -> Path:
    suffix = (f"-{direction}" if direction else "") + (f"-{key}{value}" if key else "")
    return out.with_name(out.stem + suffix + (out.suffix or ".csv")) if suffix else out


def _cv_report(
    rr: dict[Any, dict[tuple[str, str], float]],
    groups: dict[str, str],
    values: list[Any],
    key: str,
    k: int,
    name: str,
) -> dict[str, Any]:
    """Folds, choice and held-out split of ``--cv``: ``rr[value][(group, query)]`` is a query's
    reciprocal rank (top ten) with ``key`` at ``value``; ``groups`` maps each group to its
    stratum. Every fifth group by name is held out of every choice; the other groups are dealt
    into ``k`` folds, stratum by stratum. Each fold is scored with the value its other folds
    choose; the held-out split with the value the whole dev split chooses."""
    names = sorted(groups)
    held = set(names[4::5])
    dev = sorted((g for g in names if g not in held), key=lambda g: (groups[g], g))
    fold_of = {group: n % k for n, group in enumerate(dev)}

    def mrr(value: Any, keep: Any) -> float:
        got = [x for (group, _), x in rr[value].items() if keep(group)]
        return float(np.mean(got)) if got else 0.0

    def best(keep: Any) -> Any:
        # Ties go to the earlier value in the sweep (list the simpler setting first).
        return max(values, key=lambda v: (round(mrr(v, keep), 6), -values.index(v)))

    scores = []
    chosen = []
    for f in range(k):
        value = best(lambda group, f=f: fold_of.get(group, f) != f)
        chosen.append(value)
        scores.append(mrr(value, lambda group, f=f: fold_of.get(group) == f))
        n = sum(1 for x in fold_of.values() if x == f)
        label = f", {key}={value}" if key else ""
        print(f"fold {f + 1} ({n} {name}{label}): MRR@10 {scores[-1]:.4f}")
    final = best(lambda group: group in fold_of)
    dev_mrr = mrr(final, lambda group: group in fold_of)
    held_mrr = mrr(final, lambda group: group in held)
    mean, std = float(np.mean(scores)), float(np.std(scores))
    print(f"folds: MRR@10 {mean:.4f} ± {std:.4f}")
    label = f" with {key}={final}" if key else ""
    print(
        f"dev ({len(dev)} {name}){label}: MRR@10 {dev_mrr:.4f}; "
        f"held-out split ({len(held)} {name}): {held_mrr:.4f}"
    )
    if key:
        for value in values:
            print(
                f"  {key}={value}: dev {mrr(value, lambda group: group in fold_of):.4f}, "
                f"held-out {mrr(value, lambda group: group in held):.4f}"
            )
    return {
        "fold_mrr": [round(x, 4) for x in scores],
        "fold_choice": chosen,
        "mrr_folds_mean": round(mean, 4),
        "mrr_folds_std": round(std, 4),
        "choice": final,
        "mrr_dev": round(dev_mrr, 4),
        "mrr_held_out": round(held_mrr, 4),
    }


def cmd_speed(args: argparse.Namespace) -> int:
    """Latency, load time, memory and encoding throughput on synthetic collections."""
    from techbridge_bench.speed import Geometry, run_speed

    geometry = None
    if args.geometry:
        from techbridge.engine.encoders import make_encoder
        from techbridge.engine.matcher import MatcherConfig

        config = MatcherConfig()
        encoder = make_encoder(config.encoder, **config.encoder_params)
        geometry = Geometry.from_bench(Path(args.geometry), encoder)
    if args.backend == "postgres":
        from techbridge_bench.speed_postgres import run_speed_postgres

        figures = run_speed_postgres(
            n_docs=args.docs,
            n_queries=args.queries,
            n_experts=args.experts,
            expert_docs=args.expert_docs,
            seed=args.seed,
            database_url=args.database_url,
            maintenance_mem=args.maintenance_mem,
            geometry=geometry,
        )
        _emit({"command": "speed", "backend": "postgres", **figures})
        return 0
    figures = run_speed(
        n_docs=args.docs,
        n_queries=args.queries,
        n_experts=args.experts,
        expert_docs=args.expert_docs,
        seed=args.seed,
        geometry=geometry,
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
        p.add_argument(
            "--backend",
            choices=BACKENDS,
            default="process",
            help="rank in the in-process engine, or in the shared index in PostgreSQL",
        )
        p.add_argument(
            "--database-url", default="", help="PostgreSQL with pgvector (default: an embedded one)"
        )
        p.add_argument("--set", action="append", help="MatcherConfig override key=value")

    p = sub.add_parser("goldstandard", help="expert finding (Stelmakh et al. gold standard)")
    p.add_argument("--data", required=True, help="folder holding d_20_1 ... d_20_10")
    p.add_argument("--out", required=True, help="folder for run_k.csv files")
    p.add_argument("--evaluations", help="ratings (default DATA/evaluations.csv)")
    p.add_argument("--cv", type=int, default=0, help="K folds of researchers: loss per fold")
    p.add_argument(
        "--calibration", action="store_true", help="fit bands against ratings, cross-validated"
    )
    p.add_argument("--write-calibration", help="write the fitted score-to-fit map here")
    common(p)
    p.set_defaults(func=cmd_goldstandard)

    p = sub.add_parser("csl", help="CSL discipline ranking")
    p.add_argument("--data", required=True, help="papers.jsonl")
    p.add_argument("--query", choices=["keywords", "title"], default="keywords")
    p.add_argument("--cv", type=int, default=0, help="K folds of disciplines: MRR@10 per fold")
    p.add_argument("--sweep", help="key=v1,v2,...: rank once per value; --cv chooses one")
    p.add_argument("--out", required=True, help="run CSV to write")
    common(p)
    p.set_defaults(func=cmd_csl)

    p = sub.add_parser("xling", help="cross-lingual zh<->en known-item search")
    p.add_argument("--data", required=True, help="pairs.jsonl")
    p.add_argument("--direction", choices=["zh2en", "en2zh", "both"], default="zh2en")
    p.add_argument(
        "--pool",
        choices=["other", "mixed"],
        default="other",
        help="other: the other language's texts only (the bench's task); mixed: the other "
        "pairs' texts in the query's language compete too",
    )
    p.add_argument("--cv", type=int, default=0, help="K folds of pairs: MRR@10 per fold")
    p.add_argument("--sweep", help="key=v1,v2,...: rank once per value; --cv chooses one")
    p.add_argument("--out", required=True, help="run CSV to write")
    common(p)
    p.set_defaults(func=cmd_xling)

    p = sub.add_parser("speed", help="latency/throughput on synthetic collections")
    p.add_argument("--docs", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--experts", type=int, default=10_000)
    p.add_argument("--expert-docs", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--backend",
        choices=["process", "postgres"],
        default="process",
        help="the in-process engine, or also the shared index in PostgreSQL beside it",
    )
    p.add_argument(
        "--database-url", default="", help="PostgreSQL with pgvector (default: an embedded one)"
    )
    p.add_argument(
        "--maintenance-mem", default="4GB", help="maintenance_work_mem for the HNSW build"
    )
    p.add_argument(
        "--geometry",
        default="",
        help="the bench data folder (csl/, goldstandard/, xling/): draw the vectors of the "
        "collections and needs from a geometry fitted to the encoder's vectors of its real "
        "texts (default: around centres spanned by the encodings of random words)",
    )
    p.set_defaults(func=cmd_speed)

    p = sub.add_parser("gpu-pack", help="documents and model tensors for a GPU machine")
    p.add_argument("--out", required=True, help="folder to write")
    p.add_argument("--docs", type=int, default=20_000)
    p.set_defaults(func=cmd_gpu_pack)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``main(sys.argv[2:])`` from ``techbridge bench ...``."""
    args = build_parser().parse_args(list(argv) if argv is not None else sys.argv[1:])
    begin()
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
