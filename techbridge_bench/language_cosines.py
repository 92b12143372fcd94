"""``python -m techbridge_bench.language_cosines --data xling/pairs.jsonl``: how much higher
the encoder's cosines run between Chinese texts than between the same texts in English.

Every pair of the file is one text in both languages. The cosines between unrelated Chinese
texts (every two pairs' Chinese halves) and between their English halves are two background
distributions about the same subjects; the same quantiles of both make the table of
:class:`~techbridge.engine.calibration.ChineseCosines`. Fitted on the dev split (pairs by
position, every fifth left out); the held-out split's quantiles are printed beside it, and
``--write PATH`` writes the dev split's table.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

QUANTILES = (50, 60, 70, 80, 85, 90, 93, 95, 97, 98, 99, 99.5, 99.9)


def background(zh: np.ndarray, en: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles (:data:`QUANTILES`) of the cosines between different items, Chinese and
    English; rows of ``zh`` and ``en`` are the same items, unit vectors."""
    n = len(zh)
    off = ~np.eye(n, dtype=bool)
    return (
        np.percentile((zh @ zh.T)[off], QUANTILES),
        np.percentile((en @ en.T)[off], QUANTILES),
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m techbridge_bench.language_cosines")
    parser.add_argument("--data", required=True, help="xling pairs.jsonl")
    parser.add_argument("--write", help="write the dev split's table (chinese_cosines.json)")
    args = parser.parse_args(argv)
    from techbridge_bench.stamp import begin, stamp

    begin()
    from techbridge.engine import MatcherConfig
    from techbridge.engine.calibration import ChineseCosines
    from techbridge.engine.encoders import make_encoder

    with open(args.data, encoding="utf-8") as fh:
        pairs = [json.loads(line) for line in fh if line.strip()]
    config = MatcherConfig()
    encoder = make_encoder(config.encoder, **config.encoder_params)

    def unit(texts: list[str]) -> np.ndarray:
        m = np.asarray(encoder.encode_documents(texts), dtype=np.float64)
        return m / np.linalg.norm(m, axis=1, keepdims=True)

    splits = {
        "dev": [p for i, p in enumerate(pairs) if i % 5 != 4],
        "held-out": [p for i, p in enumerate(pairs) if i % 5 == 4],
    }
    tables = {}
    for name, rows in splits.items():
        tables[name] = background(unit([r["zh"] for r in rows]), unit([r["en"] for r in rows]))
    print(
        f"{'quantile':>8}  {'dev zh':>7}  {'dev en':>7}  {'excess':>7}  {'held zh':>7}  "
        f"{'held en':>7}  {'excess':>7}"
    )
    (dz, de), (hz, he) = tables["dev"], tables["held-out"]
    for i, q in enumerate(QUANTILES):
        print(
            f"{q:>8}  {dz[i]:7.4f}  {de[i]:7.4f}  {dz[i] - de[i]:7.4f}  {hz[i]:7.4f}  "
            f"{he[i]:7.4f}  {hz[i] - he[i]:7.4f}"
        )
    dev = ChineseCosines(
        dz.tolist(), de.tolist(), config.encoder, f"xling dev split, {len(splits['dev'])} pairs"
    )
    # the held-out split's excess read through the dev table, at the held-out quantiles
    gap = np.abs(dev.excess(hz) - (hz - he))
    figures = {
        "command": "language_cosines",
        "pairs_dev": len(splits["dev"]),
        "pairs_held_out": len(splits["held-out"]),
        "excess_dev_p50": round(float(dz[0] - de[0]), 4),
        "excess_dev_p99": round(float(dz[QUANTILES.index(99)] - de[QUANTILES.index(99)]), 4),
        "held_out_excess_error_max": round(float(gap.max()), 4),
    }
    if args.write:
        dev.save(args.write)
        print(f"wrote {args.write}")
    print(json.dumps({**stamp(), **figures}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
