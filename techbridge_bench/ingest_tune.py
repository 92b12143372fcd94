"""``techbridge bench ingest-tune``: the automatic-link threshold, chosen by cross-validation.

The import links an author to an expert without review from a confidence
(``TECHBRIDGE_PUBLICATIONS_AUTO_LINK``). A lower one links more authors (recall) and more
wrongly (precision); links made automatically also teach the rest of the import whom each
expert publishes with, so the effect of a threshold is only seen by importing with it.

Each corpus seed is a group: a corpus drawn with its own experts, research groups, namesakes
and works. For every seed of ``--seeds`` and every threshold of ``--thresholds`` the command
runs ``techbridge bench ingest --seed S --auto-link T`` (a new database each, ``--jobs`` at a
time) and reads its figures. Then:

1. **Cross-validation over the seeds** (leave one seed out): on the other seeds, the lowest
   threshold whose precision is at least ``--min-precision`` on each of them (the one with
   the most recall among those); that threshold's precision and recall on the seed left out.
2. **The choice**: the same rule on all of ``--seeds``.
3. **The held-out seed** (``--held-out``), never looked at by the choice: its precision and
   recall at the chosen threshold and at the configured one.

Prints a table per seed and threshold, the folds, the choice and the held-out figures, and
ends with one line of JSON.

    techbridge bench ingest-tune --records N [--experts E] --seeds 0 1 2 --held-out 9
                                 [--thresholds 0.65 0.7 ...] [--min-precision 0.98]
                                 [--jobs 2] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from techbridge_bench.stamp import begin, stamp

THRESHOLDS = (0.65, 0.7, 0.75, 0.8, 0.85)


def run_one(
    records: int, experts: int, seed: int, threshold: float, data_dir: Path
) -> dict[str, Any]:
    """The figures of one ``techbridge bench ingest`` run (its last line of JSON)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "techbridge.cli",
        "bench",
        "ingest",
        "--records",
        str(records),
        "--experts",
        str(experts),
        "--seed",
        str(seed),
        "--data-dir",
        str(data_dir),
        "--no-encode",
        "--auto-link",
        str(threshold),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    (data_dir / "bench.log").write_text(done.stdout + done.stderr)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def choose(
    figures: dict[tuple[int, float], dict[str, Any]],
    seeds: list[int],
    thresholds: list[float],
    min_precision: float,
) -> float | None:
    """The lowest threshold whose link precision reaches ``min_precision`` on every seed of
    ``seeds`` (None when none does)."""
    for threshold in sorted(thresholds):
        if all(figures[(s, threshold)]["link_precision"] >= min_precision for s in seeds):
            return threshold
    return None


def cross_validate(
    figures: dict[tuple[int, float], dict[str, Any]],
    seeds: list[int],
    thresholds: list[float],
    min_precision: float,
) -> list[dict[str, Any]]:
    """Leave one seed out: the threshold the other seeds choose, scored on the one left out."""
    folds = []
    for left_out in seeds:
        rest = [s for s in seeds if s != left_out]
        chosen = choose(figures, rest, thresholds, min_precision)
        row: dict[str, Any] = {"left_out": left_out, "threshold": chosen}
        if chosen is not None:
            f = figures[(left_out, chosen)]
            row.update(precision=f["link_precision"], recall=f["link_recall"])
        folds.append(row)
    return folds


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="techbridge bench ingest-tune", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--experts", type=int, default=5000)
    parser.add_argument("--seeds", type=int, nargs="+", required=True, help="corpora to choose on")
    parser.add_argument(
        "--held-out", type=int, required=True, help="a corpus seed kept apart from the choice"
    )
    parser.add_argument("--thresholds", type=float, nargs="+", default=list(THRESHOLDS))
    parser.add_argument("--min-precision", type=float, default=0.98)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="runs at a time")
    parser.add_argument(
        "--data-dir", help="folder for the runs' corpora and logs (default: a new one, removed)"
    )
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    begin()
    if len(args.seeds) < 2:
        raise SystemExit("--seeds needs two seeds at least (one is left out in each fold)")
    if args.held_out in args.seeds:
        raise SystemExit("--held-out must not be one of --seeds")
    if any(not 0.5 <= t <= 1.0 for t in args.thresholds):
        raise SystemExit("--thresholds must lie between 0.5 and 1.0")
    made = not args.data_dir
    root = Path(args.data_dir or tempfile.mkdtemp(prefix="techbridge-ingest-tune-")).resolve()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techbridge.settings")
    os.environ.setdefault("TECHBRIDGE_DEMO", "1")
    from django.conf import settings

    configured = float(settings.PUBLICATIONS_AUTO_LINK)
    thresholds = sorted(set(args.thresholds))
    wanted = [(s, t) for s in args.seeds for t in thresholds]
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:

            def submit(seed: int, threshold: float) -> Future[dict[str, Any]]:
                return pool.submit(
                    run_one,
                    args.records,
                    args.experts,
                    seed,
                    threshold,
                    root / f"seed{seed}-{threshold}",
                )

            futures = {key: submit(*key) for key in wanted}
            figures = {key: future.result() for key, future in futures.items()}
            print(f"{'seed':>4}  {'from':>5}  {'precision':>9}  {'recall':>7}  {'records/s':>9}")
            for (seed, threshold), f in sorted(figures.items()):
                print(
                    f"{seed:>4}  {threshold:>5.2f}  {f['link_precision']:>9.4f}  "
                    f"{f['link_recall']:>7.4f}  {f['records_per_s']:>9,.0f}"
                )
            folds = cross_validate(figures, args.seeds, thresholds, args.min_precision)
            print(f"leave one seed out (precision at least {args.min_precision} on the others):")
            for fold in folds:
                if fold["threshold"] is None:
                    print(f"  seed {fold['left_out']} left out: no threshold qualifies")
                else:
                    print(
                        f"  seed {fold['left_out']} left out: from {fold['threshold']:.2f}, "
                        f"precision {fold['precision']:.4f}, recall {fold['recall']:.4f}"
                    )
            chosen = choose(figures, args.seeds, thresholds, args.min_precision)
            print(
                "chosen on all seeds: "
                + ("none qualifies" if chosen is None else f"from {chosen:.2f}")
            )
            held: dict[str, Any] = {}
            kept_apart = {
                threshold: submit(args.held_out, threshold)
                for threshold in sorted({t for t in (chosen, configured) if t is not None})
            }
            for threshold, future in kept_apart.items():
                f = future.result()
                held[f"{threshold:.2f}"] = {
                    "precision": f["link_precision"],
                    "recall": f["link_recall"],
                    "recall_with_review": f["link_recall_with_review"],
                }
                print(
                    f"held-out seed {args.held_out} from {threshold:.2f}"
                    f"{' (configured)' if threshold == configured else ''}: precision "
                    f"{f['link_precision']:.4f}, recall {f['link_recall']:.4f}"
                )
    finally:
        if made:
            shutil.rmtree(root, ignore_errors=True)
    result = {
        "records": args.records,
        "experts": args.experts,
        "seeds": args.seeds,
        "held_out": args.held_out,
        "min_precision": args.min_precision,
        "configured": configured,
        "chosen": chosen,
        "folds": folds,
        "held_out_figures": held,
        "runs": {
            f"{seed}@{threshold:.2f}": {
                "precision": f["link_precision"],
                "recall": f["link_recall"],
                "records_per_s": f["records_per_s"],
            }
            for (seed, threshold), f in sorted(figures.items())
        },
        **stamp(),
    }
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
