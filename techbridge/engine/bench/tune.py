"""Choose the fusion/aggregation defaults on the dev data by cross-validation.

``python -m techbridge.engine.bench.tune --gold DIR --csl papers.jsonl --scorer-dir DIR``

For every need the default :class:`~techbridge.engine.matcher.Matcher` computes the dense and
lexical evidence of every document once; the grid then re-fuses and re-aggregates them in numpy
(the same formulas as :mod:`techbridge.engine.fusion` and :mod:`techbridge.engine.aggregate`).
One configuration must serve both tasks, so configurations are ranked on each task and the mean
rank decides. Five folds: researchers (goldstandard) and queries (CSL) are split at random; the
configuration chosen on four folds is scored on the fifth. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from techbridge.engine.bench.data import (
    default_cache_dir,
    make_bench_matcher,
    read_csl,
    read_goldstandard_copy,
)
from techbridge.engine.matcher import Document, Matcher

Arr = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Evidence:
    """Per-need document evidence: dense (raw cosine) and lexical (query-normalised BM25)."""

    cos: Arr  # (needs, docs)
    lex: Arr  # (needs, docs)
    groups: npt.NDArray[np.int64]  # (docs,) entity index
    names: list[str]  # entity names
    needs: list[str]  # need ids
    excluded: npt.NDArray[np.bool_] | None  # (needs, docs) documents left out


def _evidence(matcher: Matcher, needs: dict[str, str], exclude: dict[str, str]) -> Evidence:
    n_docs = len(matcher.doc_ids_)
    cos = np.zeros((len(needs), n_docs))
    lex = np.zeros((len(needs), n_docs))
    floor = matcher.config.dense_floor
    excluded = np.zeros((len(needs), n_docs), dtype=bool) if exclude else None
    for row, (nid, text) in enumerate(needs.items()):
        keys, _, parts, _ = matcher._doc_scores(text, ())
        # invert the dense normalisation to get raw cosine back (floor is re-tuned here)
        cos[row, keys] = parts[0] * (1 - floor) + floor
        lex[row, keys] = parts[1]
        if excluded is not None and nid in exclude:
            excluded[row, matcher.doc_key_[exclude[nid]]] = True
    names = [f"{t}:{i}" for t, i in matcher.entities_]
    groups = np.asarray(matcher.doc_entity_, dtype=np.int64)
    return Evidence(cos, lex, groups, names, list(needs), excluded)


def entity_scores(
    fused: Arr,
    groups: npt.NDArray[np.int64],
    n_groups: int,
    k: int,
    decay: float,
    excluded: npt.NDArray[np.bool_] | None,
) -> Arr:
    """Vectorised :func:`~techbridge.engine.aggregate.aggregate_scores` for many needs."""
    out = np.full((fused.shape[0], n_groups), -np.inf)
    w_all = np.asarray([decay**i if i else 1.0 for i in range(k)])
    for g in range(n_groups):
        cols = np.flatnonzero(groups == g)
        if not len(cols):
            continue
        sub = fused[:, cols].copy()
        if excluded is not None:
            sub[excluded[:, cols]] = np.nan
        sub = -np.sort(-sub, axis=1)[:, :k]  # NaN sorts last
        valid = ~np.isnan(sub)
        w = w_all[: sub.shape[1]] * valid
        den = w.sum(axis=1)
        num = np.nansum(sub * w, axis=1)
        out[:, g] = np.where(den > 0, num / np.maximum(den, 1e-12), -np.inf)
    return out


def fuse(ev: Evidence, cfg: dict[str, Any]) -> Arr:
    """Fused document scores for one configuration."""
    floor = cfg["dense_floor"]
    dense = np.maximum((ev.cos - floor) / (1 - floor), 0)
    lex = ev.lex
    if cfg["lexical_norm"] == "max":
        top = lex.max(axis=1, keepdims=True)
        lex = np.where(top > 0, lex / np.maximum(top, 1e-12), 0)
    w = cfg["dense_weight"]
    fused: Arr = w * dense + (1 - w) * lex
    return fused


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_loss(
    copies: list[Evidence],
    cfg: dict[str, Any],
    truth: dict[str, dict[str, float]],
    scorer: ModuleType,
    reviewers: set[str],
) -> tuple[float, float, float]:
    """Mean (loss, easy, hard) over the copies, restricted to ``reviewers``."""
    sub_truth = {r: v for r, v in truth.items() if r in reviewers}
    totals = np.zeros(3)
    for ev in copies:
        scores = entity_scores(
            fuse(ev, cfg), ev.groups, len(ev.names), cfg["agg_k"], cfg["agg_decay"], None
        )
        pred: dict[str, dict[str, float]] = {}
        for g, name in enumerate(ev.names):
            rid = name.split(":", 1)[1].lstrip("~")
            pred[rid] = {p: float(scores[i, g]) for i, p in enumerate(ev.needs)}
        loss, easy, hard, _ = scorer.score(sub_truth, pred)
        totals += (loss, easy, hard)
    mean = totals / len(copies)
    return float(mean[0]), float(mean[1]), float(mean[2])


def csl_mrr(
    ev: Evidence, cfg: dict[str, Any], gold: list[str], rows: npt.NDArray[np.int64]
) -> float:
    """MRR@10 of the discipline ranking over the need ``rows``."""
    scores = entity_scores(
        fuse(ev, cfg)[rows],
        ev.groups,
        len(ev.names),
        cfg["agg_k"],
        cfg["agg_decay"],
        ev.excluded[rows] if ev.excluded is not None else None,
    )
    names = [n.split(":", 1)[1] for n in ev.names]
    rr = 0.0
    for i, r in enumerate(rows.tolist()):
        top = np.argsort(-scores[i], kind="stable")[:10]
        ranked = [names[g] for g in top]
        if gold[r] in ranked:
            rr += 1.0 / (ranked.index(gold[r]) + 1)
    return rr / max(len(rows), 1)


GRID: dict[str, Sequence[Any]] = {
    "dense_weight": [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
    "dense_floor": [0.6, 0.7, 0.8],
    "lexical_norm": ["query", "max"],
    "agg_k": [1, 2, 3, 5, 10],
    "agg_decay": [0.3, 0.5, 0.7, 1.0],
}


def _grid() -> list[dict[str, Any]]:
    keys = list(GRID)
    out = []
    for values in itertools.product(*(GRID[k] for k in keys)):
        cfg = dict(zip(keys, values, strict=True))
        if cfg["agg_k"] == 1 and cfg["agg_decay"] != 1.0:
            continue  # k=1 is the max whatever the decay
        out.append(cfg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the grid with 5-fold cross-validation and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", required=True, type=Path)
    ap.add_argument("--csl", required=True, type=Path)
    ap.add_argument("--scorer-dir", required=True, type=Path)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    cache = args.cache or default_cache_dir()
    scorer = _load_scorer(args.scorer_dir / "score_goldstandard.py")
    truth = scorer.load_truth(str(args.gold / "evaluations.csv"))

    copies = []
    for copy in sorted(args.gold.glob("d_20_*")):
        subs, docs = read_goldstandard_copy(copy)
        matcher = make_bench_matcher(cache).fit(docs)
        needs = {pid: (f"{t}. {a}" if a else t) for pid, (t, a) in subs.items()}
        copies.append(_evidence(matcher, needs, {}))
        print(f"evidence {copy.name}", file=sys.stderr)
    papers = read_csl(args.csl)
    docs = [Document(p.id, p.discipline, "discipline", p.title, p.abstract) for p in papers]
    matcher = make_bench_matcher(cache).fit(docs)
    gold = [p.discipline for p in papers]
    csl_ev = _evidence(
        matcher, {p.id: "，".join(p.keywords) for p in papers}, {p.id: p.id for p in papers}
    )
    print("evidence csl", file=sys.stderr)

    grid = _grid()
    rng = np.random.default_rng(args.seed)
    reviewers = sorted(truth)
    rfold = {r: i % args.folds for i, r in enumerate(rng.permutation(reviewers).tolist())}
    qfold = rng.permutation(len(papers)) % args.folds

    # Per fold and config: gold loss on train/test reviewers, csl MRR on train/test queries.
    gl = np.zeros((args.folds, len(grid), 2))
    cm = np.zeros((args.folds, len(grid), 2))
    for f in range(args.folds):
        train_r = {r for r in reviewers if rfold[r] != f}
        test_r = set(reviewers) - train_r
        train_q = np.flatnonzero(qfold != f)
        test_q = np.flatnonzero(qfold == f)
        for c, cfg in enumerate(grid):
            gl[f, c, 0] = gold_loss(copies, cfg, truth, scorer, train_r)[0]
            gl[f, c, 1] = gold_loss(copies, cfg, truth, scorer, test_r)[0]
            cm[f, c, 0] = csl_mrr(csl_ev, cfg, gold, train_q)
            cm[f, c, 1] = csl_mrr(csl_ev, cfg, gold, test_q)
        print(f"fold {f} done", file=sys.stderr)

    def pick(loss: Arr, mrr: Arr) -> int:
        rank = np.argsort(np.argsort(loss)) + np.argsort(np.argsort(-mrr))
        return int(np.argmin(rank))

    cv_gold, cv_csl, chosen = [], [], []
    for f in range(args.folds):
        c = pick(gl[f, :, 0], cm[f, :, 0])
        chosen.append(grid[c])
        cv_gold.append(gl[f, c, 1])
        cv_csl.append(cm[f, c, 1])
        print(
            f"fold {f}: chose {grid[c]} -> held-out gold loss {gl[f, c, 1]:.4f}, "
            f"csl MRR {cm[f, c, 1]:.4f}"
        )
    all_r = set(reviewers)
    all_q = np.arange(len(papers))
    full_gold = np.asarray([gold_loss(copies, cfg, truth, scorer, all_r)[0] for cfg in grid])
    full_csl = np.asarray([csl_mrr(csl_ev, cfg, gold, all_q) for cfg in grid])
    best = pick(full_gold, full_csl)
    print(
        "\nbest on all dev data:",
        grid[best],
        f"gold loss {full_gold[best]:.4f} csl MRR {full_csl[best]:.4f}",
    )
    print("best gold-only:", grid[int(np.argmin(full_gold))], f"{full_gold.min():.4f}")
    print("best csl-only:", grid[int(np.argmax(full_csl))], f"{full_csl.max():.4f}")
    # A few slices for the docs: dense only, lexical only, and the weight sweep at the chosen agg.
    print("\nweight sweep at chosen aggregation/normalisation:")
    for c, cfg in enumerate(grid):
        same = all(
            cfg[k] == grid[best][k] for k in ("dense_floor", "lexical_norm", "agg_k", "agg_decay")
        )
        if same:
            print(
                f"  dense_weight {cfg['dense_weight']:.1f}: "
                f"gold loss {full_gold[c]:.4f}  csl MRR {full_csl[c]:.4f}"
            )
    print("\naggregation sweep at chosen weights:")
    for c, cfg in enumerate(grid):
        same = all(cfg[k] == grid[best][k] for k in ("dense_floor", "lexical_norm", "dense_weight"))
        if same:
            label = f"agg_k {cfg['agg_k']:>2} decay {cfg['agg_decay']:.1f}"
            print(f"  {label}: gold loss {full_gold[c]:.4f}  csl MRR {full_csl[c]:.4f}")
    print(
        json.dumps(
            {
                "cv_gold_loss": round(float(np.mean(cv_gold)), 4),
                "cv_csl_mrr": round(float(np.mean(cv_csl)), 4),
                "chosen": grid[best],
                "all_gold_loss": round(float(full_gold[best]), 4),
                "all_csl_mrr": round(float(full_csl[best]), 4),
                "fold_choices": chosen,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
