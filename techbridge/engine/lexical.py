"""BM25 over the analyser's terms (:mod:`techbridge.engine.text`), built with ``bm25s``.

Incremental like a search engine's segments: a large *main* segment and a small *delta*
segment for documents added since the last merge. Adding or changing a document rebuilds only
the delta (changing = tombstone the old copy + add the new); deleting sets a tombstone. When the
delta grows past ``merge_ratio`` of the main segment both are merged into a new main. Between
merges the delta's IDF comes from its own statistics, as in Lucene's per-segment scoring before
a merge; the merge threshold keeps that difference small.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from techbridge.engine._compiled import compiled

__all__ = ["LexicalIndex"]

Keys = npt.NDArray[np.int64]
Scores = npt.NDArray[np.float32]
FORMAT_VERSION = 1
# Segments this large are searched by the compiled kernel below (_top_k): at a million
# documents a need took ~2.3 ms there on two cores, ~4.9 ms through bm25s's numba backend (one
# thread a query) and ~21 ms through numpy's bincount (docs/matching.md, Speed). Smaller
# segments stay on numpy, which needs no compilation.
NUMBA_MIN_DOCS = 100_000


def _kernel() -> Any:
    """The compiled BM25 top-k kernel (:mod:`techbridge.engine._bm25_kernel`)."""
    return compiled("techbridge.engine._bm25_kernel", "top_k")


logging.getLogger("bm25s").setLevel(logging.WARNING)


class _Segment:
    """One immutable bm25s index plus a live mask."""

    def __init__(self, keys: Keys, tokens: Sequence[Sequence[str]], k1: float, b: float) -> None:
        self.keys = keys
        self.live = np.ones(len(keys), dtype=bool)
        self.position = {int(k): i for i, k in enumerate(keys.tolist())}
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in tokens]
        vocab.setdefault("", len(vocab))
        # Imported here, when a first segment is built: bm25s loads numba and SciPy (some
        # 80 MB and a quarter of a second), which a process serving from the shared index in
        # PostgreSQL never uses.
        import bm25s

        model = bm25s.BM25(k1=k1, b=b, method="lucene", backend="numpy")
        model.index((ids, vocab), create_empty_token=False, show_progress=False)
        self.compiled = len(keys) >= NUMBA_MIN_DOCS
        self.mask = np.zeros(0, dtype=np.uint8)  # compiled path: 0 for tombstoned documents
        self.vocab: dict[str, int] = vocab
        self.data: npt.NDArray[np.float32] = np.asarray(model.scores["data"], dtype=np.float32)
        self.indices: npt.NDArray[np.int32] = np.asarray(model.scores["indices"], dtype=np.int32)
        self.indptr: npt.NDArray[np.int64] = np.asarray(model.scores["indptr"], dtype=np.int64)
        # Live document frequency per term, kept up to date by tombstones.
        self.df: npt.NDArray[np.int64] = np.diff(self.indptr).astype(np.int64)

    def kill(self, pos: int, terms: Sequence[str]) -> None:
        """Tombstone the document at ``pos`` whose terms are ``terms``."""
        if not self.live[pos]:
            return
        self.live[pos] = False
        if self.compiled:
            if not len(self.mask):
                self.mask = np.ones(len(self.keys), dtype=np.uint8)
            self.mask[pos] = 0
        for term in set(terms):
            tid = self.vocab.get(term)
            if tid is not None:
                self.df[tid] -= 1

    def top(self, query: Counter[str], k: int) -> tuple[npt.NDArray[np.int64], Scores]:
        """Top-``k`` live positions with a positive score, and their scores.

        Every posting of every need term is scored: in one ``bincount`` here, in the compiled
        kernel (:func:`_kernel`) for large segments. MaxScore-style pruning written in numpy
        (binary searches into the long posting lists) took 176 ms a need at a million
        documents (docs/matching.md, Speed).
        """
        if self.compiled:
            terms = {tid: qtf for t, qtf in query.items() if (tid := self.vocab.get(t)) is not None}
            k = min(k, len(self.keys))
            if not terms or k <= 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            import numba

            parts = max(1, min(numba.get_num_threads(), 4))
            pos, score = _kernel()(
                self.data,
                self.indptr,
                self.indices,
                np.fromiter(terms.keys(), dtype=np.int64, count=len(terms)),
                np.fromiter(terms.values(), dtype=np.float32, count=len(terms)),
                self.mask,
                len(self.keys),
                k,
                parts,
            )
            pos, score = pos.reshape(-1), score.reshape(-1)
            keep = pos >= 0
            pos, score = pos[keep], score[keep]
            if len(pos) > k:
                best = np.argpartition(-score, k - 1)[:k]
                pos, score = pos[best], score[best]
            return pos, score
        scores = self.scores(query)
        scores[~self.live] = 0.0
        hit = np.flatnonzero(scores > 0)
        if len(hit) > k:
            hit = hit[np.argpartition(-scores[hit], k - 1)[:k]]
        return hit.astype(np.int64), scores[hit]

    def scores(self, query: Counter[str]) -> Scores:
        """BM25 score of every document in the segment (dead ones included)."""
        n = len(self.keys)
        idx_parts = []
        val_parts = []
        for term, qtf in query.items():
            tid = self.vocab.get(term)
            if tid is None:
                continue
            lo, hi = int(self.indptr[tid]), int(self.indptr[tid + 1])
            idx_parts.append(self.indices[lo:hi])
            val_parts.append(self.data[lo:hi] * np.float32(qtf))
        if not idx_parts:
            return np.zeros(n, dtype=np.float32)
        # bincount is many times faster than np.add.at for long posting lists.
        out = np.bincount(np.concatenate(idx_parts), weights=np.concatenate(val_parts), minlength=n)
        return out.astype(np.float32)


class LexicalIndex:
    """Incremental BM25 (Lucene variant) keyed by int64 document keys.

    ``k1``/``b`` are the BM25 parameters; ``merge_ratio``/``min_merge`` decide when the delta
    segment is merged into the main one.
    """

    def __init__(
        self, k1: float = 1.2, b: float = 0.75, merge_ratio: float = 0.2, min_merge: int = 2000
    ) -> None:
        self.k1 = k1
        self.b = b
        self.merge_ratio = merge_ratio
        self.min_merge = min_merge
        # Tuples, not lists: tuples of strings drop out of the garbage collector's tracking,
        # lists never do (a full collection over a million 40-term lists took 0.56 s, over
        # tuples 1.5 ms; docs/benchmarks.md).
        self.tokens_: dict[int, tuple[str, ...]] = {}
        self.main_: _Segment | None = None
        self.delta_keys_: list[int] = []
        self._delta: _Segment | None = None
        self._delta_dirty = False

    def __len__(self) -> int:
        return len(self.tokens_)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and key in self.tokens_

    def fit(self, keys: Sequence[int], tokens: Sequence[Sequence[str]]) -> LexicalIndex:
        """Index a whole collection from scratch (one main segment)."""
        self.tokens_ = {int(k): tuple(t) for k, t in zip(keys, tokens, strict=True)}
        self._rebuild_main()
        return self

    def _rebuild_main(self) -> None:
        keys = np.fromiter(self.tokens_.keys(), dtype=np.int64, count=len(self.tokens_))
        self.main_ = (
            _Segment(keys, list(self.tokens_.values()), self.k1, self.b) if len(keys) else None
        )
        self.delta_keys_ = []
        self._delta = None
        self._delta_dirty = False

    def _kill(self, key: int) -> None:
        terms = self.tokens_.get(key, ())
        for seg in (self.main_, self._delta):
            if seg is not None:
                pos = seg.position.get(key)
                if pos is not None:
                    seg.kill(pos, terms)

    def add(self, keys: Sequence[int], tokens: Sequence[Sequence[str]]) -> None:
        """Add or replace documents without rebuilding the main segment."""
        for key, toks in zip(keys, tokens, strict=True):
            key = int(key)
            if key in self.tokens_:
                self._kill(key)
                if key in self.delta_keys_:
                    self.delta_keys_.remove(key)
            self.tokens_[key] = tuple(toks)
            self.delta_keys_.append(key)
        self._delta_dirty = True
        main_size = len(self.main_.keys) if self.main_ is not None else 0
        if len(self.delta_keys_) > max(self.min_merge, self.merge_ratio * main_size):
            self._rebuild_main()

    def remove(self, keys: Sequence[int]) -> None:
        """Delete documents (tombstones; space is reclaimed at the next merge)."""
        for key in keys:
            key = int(key)
            if key not in self.tokens_:
                continue
            self._kill(key)
            del self.tokens_[key]
            if key in self.delta_keys_:
                self.delta_keys_.remove(key)
                self._delta_dirty = True

    def _segments(self) -> list[_Segment]:
        if self._delta_dirty:
            keys = np.asarray(self.delta_keys_, dtype=np.int64)
            toks = [self.tokens_[k] for k in self.delta_keys_]
            self._delta = _Segment(keys, toks, self.k1, self.b) if len(keys) else None
            self._delta_dirty = False
        return [s for s in (self.main_, self._delta) if s is not None]

    def search(
        self, query_tokens: Sequence[str] | Mapping[str, float], k: int
    ) -> tuple[Keys, Scores]:
        """Top-``k`` live documents with a positive BM25 score, best first; the query is
        its tokens, or term → weight."""
        query = Counter(query_tokens)
        all_keys = []
        all_scores = []
        for seg in self._segments():
            pos, scores = seg.top(query, k)
            all_keys.append(seg.keys[pos])
            all_scores.append(scores)
        if not all_keys:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        keys = np.concatenate(all_keys)
        scores = np.concatenate(all_scores)
        order = np.argsort(-scores, kind="stable")[:k]
        return keys[order], scores[order]

    def score(self, query_tokens: Sequence[str], keys: Sequence[int]) -> Scores:
        """BM25 scores of the given documents (0 for unknown ones)."""
        query = Counter(query_tokens)
        out = np.zeros(len(keys), dtype=np.float32)
        for seg in self._segments():
            scores = seg.scores(query)
            for i, key in enumerate(keys):
                pos = seg.position.get(int(key))
                if pos is not None and seg.live[pos]:
                    out[i] = scores[pos]
        return out

    def document_frequency(self, term: str) -> int:
        """How many live documents contain ``term`` (for explanation weights)."""
        df = 0
        for seg in self._segments():
            tid = seg.vocab.get(term)
            if tid is not None:
                df += int(seg.df[tid])
        return df

    def save(self, path: Path) -> None:
        """Write the documents' terms; the segments are rebuilt (merged) on load."""
        path.mkdir(parents=True, exist_ok=True)
        with open(path / "tokens.json", "w", encoding="utf-8") as fh:
            json.dump({str(k): v for k, v in self.tokens_.items()}, fh, ensure_ascii=False)
        meta: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "k1": self.k1,
            "b": self.b,
            "merge_ratio": self.merge_ratio,
            "min_merge": self.min_merge,
        }
        (path / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        """Read an index written by :meth:`save`."""
        meta = json.loads((path / "meta.json").read_text())
        if int(meta["format"]) > FORMAT_VERSION:
            raise ValueError(f"lexical index format {meta['format']} is newer than this code")
        index = cls(
            k1=float(meta["k1"]),
            b=float(meta["b"]),
            merge_ratio=float(meta["merge_ratio"]),
            min_merge=int(meta["min_merge"]),
        )
        with open(path / "tokens.json", encoding="utf-8") as fh:
            index.tokens_ = {int(k): tuple(v) for k, v in json.load(fh).items()}
        index._rebuild_main()
        return index
