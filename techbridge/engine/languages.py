"""Language centring: a need's documents in the other language compete on their subject.

The encoder scores any text in the need's own language above a text in the other language:
on the cross-lingual dev pairs, a Chinese query's cosine to unrelated Chinese texts averages
0.871 and to unrelated English texts 0.810, while its cosine to its own translation averages
0.853 — below the unrelated Chinese texts. So a Chinese need's English documents, however much
on its subject, rank below Chinese documents that merely share the language.

The collection's two language centroids measure that bias for each need: ``c_zh`` and
``c_en`` are the mean document vectors weighted by how Chinese (``h``, the
:func:`~techbridge.engine.text.han_share`) and how English (``1 - h``) each document is. A
need's baseline cosine to the documents of a language is its cosine to that centroid (the mean
of cosines is the cosine with the mean), so a document's cosine gets

    ``weight * (h(need) - h(document)) * (q·c_zh - q·c_en)``

added: a document in the other language is lifted by the difference of the need's baselines,
one in the need's language is unchanged (``MatcherConfig.language_centring``). Nothing is
learnt from labels: the centroids come from the indexed collection itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["LanguageCentroids"]

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

#: A language needs this much weight (documents' worth) in the collection to have a centroid.
MIN_WEIGHT = 1.0


@dataclass(frozen=True)
class LanguageCentroids:
    """Weighted sums of document vectors: row 0 Chinese (weights ``h``), row 1 English
    (weights ``1 - h``), and the two weights."""

    sums: F64
    weights: F64

    @classmethod
    def of(
        cls, vectors: npt.NDArray[np.floating], han: npt.NDArray[np.floating]
    ) -> LanguageCentroids:
        h = np.asarray(han, dtype=np.float64).reshape(-1, 1)
        x = np.asarray(vectors, dtype=np.float64)
        sums = np.stack([(h * x).sum(axis=0), ((1.0 - h) * x).sum(axis=0)])
        return cls(sums, np.asarray([h.sum(), (1.0 - h).sum()]))

    @property
    def usable(self) -> bool:
        return bool((self.weights >= MIN_WEIGHT).all())

    def gains(
        self, need_vector: npt.NDArray[np.floating], need_han: float, doc_han: F32, weight: float
    ) -> F32:
        """What each document's cosine gains (``doc_han``: the documents' han shares)."""
        if weight <= 0 or not self.usable:
            return np.zeros(len(doc_han), dtype=np.float32)
        centroids = self.sums / self.weights[:, None]
        zh, en = (centroids @ np.asarray(need_vector, dtype=np.float64).reshape(-1)).tolist()
        diff = np.float32(need_han) - np.asarray(doc_han, dtype=np.float32)
        return np.asarray(np.float32(weight * (zh - en)) * diff, dtype=np.float32)
