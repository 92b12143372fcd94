"""Choose the settings added on top of the fusion grid, each on the task it serves, by 5-fold
cross-validation (the fusion and aggregation defaults of :mod:`.tune` stay fixed).

``python -m techbridge_bench.tune_views --gold DIR --csl papers.jsonl --scorer-dir DIR``

- ``need_title_weight`` (a long need's title blended into its vector) on the gold standard:
  researchers split into folds.
- ``keyword_weight`` (a document's keyword vector), ``portfolio_weight`` and
  ``portfolio_shrinkage`` (portfolio scoring of institutes) on CSL (keywords queries): queries
  split into folds.

Prints a table and one JSON line.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from techbridge.engine.matcher import MatcherConfig
from techbridge.engine.portfolio import PortfolioStats
from techbridge_bench.data import (
    csl_documents,
    default_cache_dir,
    gold_need,
    make_bench_matcher,
    read_csl,
    read_goldstandard_copy,
)
from techbridge_bench.tune import (
    Arr,
    Evidence,
    _evidence,
    _load_scorer,
    cv_arguments,
    entity_scores,
    fuse,
    gold_loss,
    gold_parts,
    rr_at_10,
)

TITLE_WEIGHTS = [0.0, 0.2, 0.35, 0.5]
KEYWORD_WEIGHTS = [0.0, 0.25, 0.5, 0.75]
PORTFOLIO_WEIGHTS = [0.0, 0.1, 0.2, 0.35, 0.5]
SHRINKAGES = [0.2, 0.4, 0.6, 0.8, 1.0]


def _defaults() -> dict[str, Any]:
    c = MatcherConfig()
    return {
        "dense_floor": c.dense_floor,
        "dense_weight": c.dense_weight,
        "lexical_norm": c.lexical_norm,
        "agg_k": c.agg_k,
        "agg_decay": c.agg_decay,
    }


def _cv_pick(values: list[Any], table: Arr, folds: Arr, lower: bool) -> tuple[list[Any], float]:
    """``table[c, i]``: per-unit figure of value ``c``; returns fold choices and the held-out
    mean (``lower``: smaller is better)."""
    chosen, held = [], []
    for f in range(int(folds.max()) + 1):
        train = table[:, folds != f].mean(axis=1)
        c = int(np.argmin(train) if lower else np.argmax(train))
        chosen.append(values[c])
        held.append(float(table[c, folds == f].mean()))
    return chosen, float(np.mean(held))


def main(argv: Sequence[str] | None = None) -> int:
    args = cv_arguments(__doc__).parse_args(argv)
    cache = args.cache or default_cache_dir()
    cfg = _defaults()
    rng = np.random.default_rng(args.seed)
    out: dict[str, Any] = {"fusion": cfg}

    # -- gold standard: the need title's weight ----------------------------------------------
    scorer = _load_scorer(args.scorer_dir / "score_goldstandard.py")
    truth: dict[str, dict[str, float]] = scorer.load_truth(str(args.gold / "evaluations.csv"))
    reviewers = sorted(truth)
    rfold = np.asarray([0] * len(reviewers))
    rfold[rng.permutation(len(reviewers))] = np.arange(len(reviewers)) % args.folds
    per_value = []
    for a in TITLE_WEIGHTS:
        evs: list[Evidence] = []
        for copy in sorted(args.gold.glob("d_20_*")):
            subs, docs = read_goldstandard_copy(copy)
            m = make_bench_matcher(cache, need_title_weight=a).fit(docs)
            needs = {pid: gold_need(t, b) for pid, (t, b) in subs.items()}
            evs.append(_evidence(m, needs, {}, {pid: t for pid, (t, _) in subs.items()}))
        parts = gold_parts(evs, cfg, truth)
        per_value.append(parts)
        print(f"need_title_weight {a:.2f}: gold loss {gold_loss(parts, set(reviewers)):.4f}")
    chosen, held = [], []
    for f in range(args.folds):
        train = {r for r, k in zip(reviewers, rfold, strict=True) if k != f}
        test = set(reviewers) - train
        c = int(np.argmin([gold_loss(p, train) for p in per_value]))
        chosen.append(TITLE_WEIGHTS[c])
        held.append(gold_loss(per_value[c], test))
    print(f"  CV choices {chosen}, held-out gold loss {np.mean(held):.4f}")
    out["need_title_weight"] = {
        "fold_choices": chosen,
        "cv_gold_loss": round(float(np.mean(held)), 4),
    }

    # -- CSL: keyword view and portfolio scoring ---------------------------------------------
    papers = read_csl(args.csl)
    gold = [p.discipline for p in papers]
    docs = csl_documents(papers)
    needs = {p.id: "，".join(p.keywords) for p in papers}
    own = {p.id: p.id for p in papers}
    ev_text = _evidence(make_bench_matcher(cache, keyword_weight=0.0).fit(docs), needs, own)
    m1 = make_bench_matcher(cache, keyword_weight=1.0).fit(docs)
    ev_kw = _evidence(m1, needs, own)
    # portfolio scores per shrinkage, each query's own paper taken out
    keys, vecs = m1.vectors_.items()  # type: ignore[union-attr]
    order = np.argsort(keys)
    vecs = np.asarray(vecs)[order]
    groups = np.asarray(m1.doc_entity_[: len(m1.doc_ids_)], dtype=np.int64)
    qv = np.vstack([m1.encode_need(t) for t in needs.values()])
    port: dict[float, Arr] = {}
    for lam in SHRINKAGES:
        stats = PortfolioStats.build(vecs, groups, lam)
        p_mat = np.zeros((len(papers), len(ev_text.names)))
        for i, p in enumerate(papers):
            k = m1.doc_key_[p.id]
            owners, sc = stats.scores(qv[i], [(vecs[k], int(groups[k]))])
            p_mat[i, owners] = sc
        port[lam] = p_mat
        print(f"portfolio scores, shrinkage {lam}", file=sys.stderr)
    configs = list(itertools.product(KEYWORD_WEIGHTS, PORTFOLIO_WEIGHTS, SHRINKAGES))
    rr = np.zeros((len(configs), len(papers)))
    base_cache: dict[float, Arr] = {}
    for c, (kw, b, lam) in enumerate(configs):
        if kw not in base_cache:
            ev = Evidence(
                (1 - kw) * ev_text.cos + kw * ev_kw.cos,
                ev_text.lex,
                ev_text.groups,
                ev_text.names,
                ev_text.needs,
                ev_text.excluded,
            )
            base_cache[kw] = entity_scores(
                fuse(ev, cfg), ev.groups, len(ev.names), cfg["agg_k"], cfg["agg_decay"], ev.excluded
            )
        base = base_cache[kw]
        s = np.where(np.isfinite(base), np.clip((base + b * port[lam]) / (1 + b), 0, 1), -np.inf)
        rr[c] = rr_at_10(s, ev_text.names, gold)
    qfold = rng.permutation(len(papers)) % args.folds
    chosen_c, cv = _cv_pick(configs, rr, qfold, lower=False)
    best = int(np.argmax(rr.mean(axis=1)))
    print("keyword_weight / portfolio_weight / shrinkage: CSL MRR@10 (all dev data)")
    for kw in KEYWORD_WEIGHTS:
        row = [
            f"{rr[configs.index((kw, b, lam))].mean():.4f}"
            for b, lam in itertools.product(PORTFOLIO_WEIGHTS, [0.6])
        ]
        print(f"  kw {kw:.2f}, shrinkage 0.6, portfolio {PORTFOLIO_WEIGHTS}: {row}")
    for lam in SHRINKAGES:
        mrr = rr[configs.index((0.5, 0.2, lam))].mean()
        print(f"  kw 0.50, portfolio 0.2, shrinkage {lam}: {mrr:.4f}")
    print(f"  CV choices {chosen_c}, held-out CSL MRR@10 {cv:.4f}")
    print(f"  best on all dev data {configs[best]}: {rr[best].mean():.4f}")
    out["csl"] = {
        "fold_choices": chosen_c,
        "cv_csl_mrr": round(cv, 4),
        "best": configs[best],
        "best_mrr": round(float(rr[best].mean()), 4),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
