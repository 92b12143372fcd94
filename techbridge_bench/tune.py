"""Choose the fusion/aggregation defaults on the dev data by cross-validation.

``python -m techbridge_bench.tune --gold DIR --csl papers.jsonl --scorer-dir DIR``

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

from techbridge.engine.matcher import Matcher
from techbridge_bench.data import (
    csl_documents,
    default_cache_dir,
    gold_need,
    make_bench_matcher,
    read_csl,
    read_goldstandard_copy,
)

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


def _evidence(
    matcher: Matcher,
    needs: dict[str, str],
    exclude: dict[str, str],
    titles: dict[str, str] | None = None,
) -> Evidence:
    n_docs = len(matcher.doc_ids_)
    cos = np.zeros((len(needs), n_docs))
    lex = np.zeros((len(needs), n_docs))
    floor = matcher.config.dense_floor
    excluded = np.zeros((len(needs), n_docs), dtype=bool) if exclude else None
    for row, (nid, text) in enumerate(needs.items()):
        title = (titles or {}).get(nid, "")
        keys, _, parts, _, _ = matcher._doc_scores(text, (), need_title=title)
        # invert the dense normalisation to get raw cosine back (floor is re-tuned here)
        cos[row, keys] = parts[0] * (1 - floor) + floor
        lex[row, keys] = parts[1]
        if excluded is not None and nid in exclude:
            excluded[row, matcher.doc_key_[exclude[nid]]] = True
    names = [f"{t}:{i}" for t, i in matcher.entities_]
    groups = np.asarray(matcher.doc_entity_[: len(matcher.doc_ids_)], dtype=np.int64)
    return Evidence(cos, lex, groups, names, list(needs), excluded)


def _mix(query: Evidence, passage: Evidence, sides: list[str]) -> Evidence:
    """Per need, the dense evidence of the side ``"auto"`` chose (lexical is the same)."""
    use = np.asarray([s == "passage" for s in sides])[:, None]
    return Evidence(
        np.where(use, passage.cos, query.cos),
        query.lex,
        query.groups,
        query.names,
        query.needs,
        query.excluded,
    )


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


def gold_parts(
    copies: list[Evidence], cfg: dict[str, Any], truth: dict[str, dict[str, float]]
) -> dict[str, tuple[float, float]]:
    """Per researcher, summed over the copies: (weighted errors, weights) of the scorer's loss.

    Same formula as ``score_goldstandard.py``: a wrongly ordered pair costs the rating gap, a tie
    half of it; loss = errors / weights.
    """
    out = {r: [0.0, 0.0] for r in truth}
    for ev in copies:
        scores = entity_scores(
            fuse(ev, cfg), ev.groups, len(ev.names), cfg["agg_k"], cfg["agg_decay"], None
        )
        need_row = {p: i for i, p in enumerate(ev.needs)}
        for g, name in enumerate(ev.names):
            rid = name.split(":", 1)[1].lstrip("~")
            rated = truth.get(rid)
            if rated is None:
                continue
            papers = sorted(rated)
            for i, a in enumerate(papers):
                for b in papers[i + 1 :]:
                    ea, eb = rated[a], rated[b]
                    if ea == eb:
                        continue
                    sa = scores[need_row[a], g] if a in need_row else 0.0
                    sb = scores[need_row[b], g] if b in need_row else 0.0
                    d = abs(ea - eb)
                    right = 0.5 if sa == sb else float((sa - sb) * (ea - eb) > 0)
                    out[rid][0] += d * (1 - right)
                    out[rid][1] += d
    return {r: (v[0], v[1]) for r, v in out.items()}


def gold_loss(parts: dict[str, tuple[float, float]], reviewers: set[str]) -> float:
    """Pooled loss over ``reviewers`` (equal to the scorer's mean over copies up to pooling)."""
    num = sum(parts[r][0] for r in reviewers)
    den = sum(parts[r][1] for r in reviewers)
    return num / max(den, 1e-12)


def csl_rr(ev: Evidence, cfg: dict[str, Any], gold: list[str]) -> Arr:
    """Reciprocal rank (top 10) of the right discipline for every CSL need."""
    scores = entity_scores(
        fuse(ev, cfg), ev.groups, len(ev.names), cfg["agg_k"], cfg["agg_decay"], ev.excluded
    )
    return rr_at_10(scores, ev.names, gold)


def rr_at_10(scores: Arr, names: list[str], gold: Sequence[str]) -> Arr:
    """Reciprocal rank (top 10) of the right entity (``names``: ``"type:id"``) per need row."""
    ids = np.asarray([n.split(":", 1)[1] for n in names])
    top = np.argsort(-scores, axis=1, kind="stable")[:, :10]
    hit = ids[top] == np.asarray(gold)[:, None]
    rank = np.where(hit.any(axis=1), hit.argmax(axis=1) + 1, 0)
    rr: Arr = np.where(rank > 0, 1.0 / np.maximum(rank, 1), 0.0)
    return rr


# A first grid (dense_weight 0..1, floor .6/.7/.8, lexical norm query/max, agg_k 1..10, decay
# .3..1; docs/matching.md) left "max" normalisation, floor .8 and the extreme weights far
# behind on both tasks; this grid refines around the rest and adds the need's e5 prefix.
GRID: dict[str, Sequence[Any]] = {
    "need_encoding": ["query", "passage", "auto"],
    "dense_weight": [0.3, 0.4, 0.5, 0.6, 0.7],
    "dense_floor": [0.6, 0.7],
    "lexical_norm": ["query"],
    "agg_k": [3, 5, 7, 10],
    "agg_decay": [0.5, 0.7, 0.8, 1.0],
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


def cv_arguments(description: str | None) -> argparse.ArgumentParser:
    """The arguments of the cross-validation commands (this one and ``tune_views``)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--gold", required=True, type=Path)
    ap.add_argument("--csl", required=True, type=Path)
    ap.add_argument("--scorer-dir", required=True, type=Path)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run the grid with 5-fold cross-validation and print the figures."""
    args = cv_arguments(__doc__).parse_args(argv)
    cache = args.cache or default_cache_dir()
    scorer = _load_scorer(args.scorer_dir / "score_goldstandard.py")
    truth: dict[str, dict[str, float]] = scorer.load_truth(str(args.gold / "evaluations.csv"))

    copies: dict[str, list[Evidence]] = {}
    csl_ev: dict[str, Evidence] = {}
    papers = read_csl(args.csl)
    gold = [p.discipline for p in papers]
    for side in ("query", "passage"):
        copies[side] = []
        for copy in sorted(args.gold.glob("d_20_*")):
            subs, docs = read_goldstandard_copy(copy)
            matcher = make_bench_matcher(cache, need_encoding=side).fit(docs)
            needs = {pid: gold_need(t, a) for pid, (t, a) in subs.items()}
            titles = {pid: t for pid, (t, _) in subs.items()}
            copies[side].append(_evidence(matcher, needs, {}, titles))
            print(f"evidence {side} {copy.name}", file=sys.stderr)
        docs = csl_documents(papers)
        matcher = make_bench_matcher(cache, need_encoding=side).fit(docs)
        csl_ev[side] = _evidence(
            matcher, {p.id: "，".join(p.keywords) for p in papers}, {p.id: p.id for p in papers}
        )
        print(f"evidence {side} csl", file=sys.stderr)
    # "auto" embeds each need as a passage or a query by its length: pick rows accordingly.
    sizer = make_bench_matcher(cache, need_encoding="auto")
    copies["auto"] = []
    for copy, q_ev, p_ev in zip(
        sorted(args.gold.glob("d_20_*")), copies["query"], copies["passage"], strict=True
    ):
        subs, _ = read_goldstandard_copy(copy)
        texts = [gold_need(t, a) for t, a in subs.values()]
        copies["auto"].append(_mix(q_ev, p_ev, [sizer.need_side(t) for t in texts]))
    csl_ev["auto"] = _mix(
        csl_ev["query"],
        csl_ev["passage"],
        [sizer.need_side("，".join(p.keywords)) for p in papers],
    )

    grid = _grid()
    rng = np.random.default_rng(args.seed)
    reviewers = sorted(truth)
    rfold = {r: i % args.folds for i, r in enumerate(rng.permutation(reviewers).tolist())}
    qfold = rng.permutation(len(papers)) % args.folds

    parts = []
    rrs = np.zeros((len(grid), len(papers)))
    for c, cfg in enumerate(grid):
        side = cfg["need_encoding"]
        parts.append(gold_parts(copies[side], cfg, truth))
        rrs[c] = csl_rr(csl_ev[side], cfg, gold)
        if c % 100 == 0:
            print(f"config {c}/{len(grid)}", file=sys.stderr)

    def pick(loss: Arr, mrr: Arr) -> int:
        # one configuration serves both tasks: best mean rank over the two
        rank = np.argsort(np.argsort(loss)) + np.argsort(np.argsort(-mrr))
        return int(np.argmin(rank))

    cv_gold, cv_csl, chosen = [], [], []
    for f in range(args.folds):
        train_r = {r for r in reviewers if rfold[r] != f}
        test_r = set(reviewers) - train_r
        tr_loss = np.asarray([gold_loss(p, train_r) for p in parts])
        tr_mrr = rrs[:, qfold != f].mean(axis=1)
        c = pick(tr_loss, tr_mrr)
        chosen.append(grid[c])
        cv_gold.append(gold_loss(parts[c], test_r))
        cv_csl.append(float(rrs[c, qfold == f].mean()))
        print(
            f"fold {f}: chose {grid[c]} -> held-out gold loss {cv_gold[-1]:.4f}, "
            f"csl MRR {cv_csl[-1]:.4f}"
        )
    full_gold = np.asarray([gold_loss(p, set(reviewers)) for p in parts])
    full_csl = rrs.mean(axis=1)
    best = pick(full_gold, full_csl)
    print(
        f"\nCV (5 folds, held-out): gold loss {np.mean(cv_gold):.4f}, csl MRR {np.mean(cv_csl):.4f}"
    )
    print(
        "best on all dev data:",
        grid[best],
        f"gold loss {full_gold[best]:.4f} csl MRR {full_csl[best]:.4f}",
    )
    print("best gold-only:", grid[int(np.argmin(full_gold))], f"{full_gold.min():.4f}")
    print("best csl-only:", grid[int(np.argmax(full_csl))], f"{full_csl.max():.4f}")
    print("\nweight sweep at chosen aggregation/normalisation:")
    for c, cfg in enumerate(grid):
        fixed = ("need_encoding", "dense_floor", "lexical_norm", "agg_k", "agg_decay")
        if all(cfg[k] == grid[best][k] for k in fixed):
            print(
                f"  dense_weight {cfg['dense_weight']:.1f}: "
                f"gold loss {full_gold[c]:.4f}  csl MRR {full_csl[c]:.4f}"
            )
    print("\naggregation sweep at chosen weights:")
    for c, cfg in enumerate(grid):
        fixed3 = ("need_encoding", "dense_floor", "lexical_norm", "dense_weight")
        if all(cfg[k] == grid[best][k] for k in fixed3):
            label = f"agg_k {cfg['agg_k']:>2} decay {cfg['agg_decay']:.1f}"
            print(f"  {label}: gold loss {full_gold[c]:.4f}  csl MRR {full_csl[c]:.4f}")
    print("\nneed prefix at chosen weights and aggregation:")
    for c, cfg in enumerate(grid):
        if all(cfg[k] == grid[best][k] for k in cfg if k != "need_encoding"):
            label = f"need_encoding {cfg['need_encoding']}"
            print(f"  {label}: gold loss {full_gold[c]:.4f}  csl MRR {full_csl[c]:.4f}")
    print("\nfloor/normalisation sweep at chosen weight and aggregation:")
    for c, cfg in enumerate(grid):
        fixed3 = ("need_encoding", "dense_weight", "agg_k", "agg_decay")
        if all(cfg[k] == grid[best][k] for k in fixed3):
            label = f"floor {cfg['dense_floor']:.1f} lexical {cfg['lexical_norm']:<5}"
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
