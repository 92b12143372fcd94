"""The collection's records: which documents are indexed under which keys, who owns them, and
which entity belongs to which parent (expert → institute, institute → partner...).

Every index (vector, keyword-vector, lexical) knows a document only by its integer key; the
catalog maps keys to document ids, titles, kinds and owning entities, and entities to their
parents. A removed document's key is reused by the next new document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from techbridge.engine.documents import Document, DocumentHit, Evidence
from techbridge.engine.text import han_share

__all__ = ["Catalog", "EntityRef"]

EntityRef = tuple[str, str]  # (entity type, entity id)
Keys = npt.NDArray[np.int64]


class Catalog:
    """Documents by key and entities by index, with the links from entities to parents."""

    def __init__(self) -> None:
        self.doc_key: dict[str, int] = {}
        self.doc_ids: list[str | None] = []  # None: a free key
        self.titles: list[str] = []
        self.kinds: list[str] = []
        # Each key's entity (-1: a free key), an array that grows by doubling, so it may be
        # longer than doc_ids: a need's ~2,000 candidates are looked up at once.
        self.doc_entity: Keys = np.zeros(0, dtype=np.int64)
        #: Each document's :func:`~techbridge.engine.text.han_share` (how Chinese it is).
        self.han: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self.entities: list[EntityRef] = []
        self.entity_index: dict[EntityRef, int] = {}
        self.parents: dict[int, set[int]] = {}
        self.free_keys: list[int] = []

    def __len__(self) -> int:
        return len(self.doc_key)

    def entity(self, ref: EntityRef) -> int:
        """The index of entity ``ref``, registering it on first sight."""
        idx = self.entity_index.get(ref)
        if idx is None:
            idx = len(self.entities)
            self.entities.append(ref)
            self.entity_index[ref] = idx
        return idx

    def register(self, documents: Sequence[Document]) -> Keys:
        """Record ``documents`` (a known ``doc_id`` keeps its key) and return their keys."""
        keys: list[int] = []
        owners: list[int] = []
        for doc in documents:
            owners.append(self.entity((doc.entity_type, doc.entity_id)))
            key = self.doc_key.get(doc.doc_id)
            if key is None:
                if self.free_keys:
                    key = self.free_keys.pop()
                else:
                    key = len(self.doc_ids)
                    self.doc_ids.append(None)
                    self.titles.append("")
                    self.kinds.append("")
                self.doc_key[doc.doc_id] = key
            self.doc_ids[key] = doc.doc_id
            self.titles[key] = doc.title or doc.text[:80]
            self.kinds[key] = doc.kind
            keys.append(key)
        key_arr = np.asarray(keys, dtype=np.int64)
        self._grow()
        self.doc_entity[key_arr] = owners
        self.han[key_arr] = [han_share(d.index_text) for d in documents]
        return key_arr

    def _grow(self) -> None:
        if len(self.doc_entity) < len(self.doc_ids):
            size = max(len(self.doc_ids), 2 * len(self.doc_entity))
            grown = np.full(size, -1, np.int64)
            grown[: len(self.doc_entity)] = self.doc_entity
            self.doc_entity = grown
        if len(self.han) < len(self.doc_entity):
            han = np.zeros(len(self.doc_entity), dtype=np.float32)
            han[: len(self.han)] = self.han
            self.han = han

    def release(self, doc_ids: Iterable[str]) -> list[int]:
        """Forget documents (unknown ids are ignored) and return the keys they freed."""
        keys = [k for d in doc_ids if (k := self.doc_key.pop(d, None)) is not None]
        for key in keys:
            self.doc_ids[key] = None
            self.free_keys.append(key)
        if keys:
            self.doc_entity[keys] = -1
        return keys

    def keys_of(self, doc_ids: Iterable[str]) -> list[int]:
        """The keys of the indexed documents among ``doc_ids``, in their order."""
        return [self.doc_key[d] for d in doc_ids if d in self.doc_key]

    def live_keys(self) -> Keys:
        """Every indexed document's key, in the order the documents were first registered."""
        return np.fromiter(self.doc_key.values(), np.int64, len(self.doc_key))

    def link(self, child: EntityRef, parent: EntityRef) -> None:
        """Record that ``child`` belongs to ``parent``."""
        self.parents.setdefault(self.entity(child), set()).add(self.entity(parent))

    def unlink(self, child: EntityRef, parent: EntityRef) -> bool:
        """Undo :meth:`link`; False when either entity is unknown."""
        c = self.entity_index.get(child)
        p = self.entity_index.get(parent)
        if c is None or p is None:
            return False
        self.parents.get(c, set()).discard(p)
        return True

    def ancestors(self, entity: int) -> list[int]:
        """Every entity above ``entity`` (its parents, their parents...), nearest first."""
        out: list[int] = []
        stack = list(self.parents.get(entity, ()))
        while stack:
            e = stack.pop()
            if e not in out:
                out.append(e)
                stack.extend(self.parents.get(e, ()))
        return out

    def evidence(self, key: int, score: float, dense: float, lexical: float) -> Evidence:
        """Document ``key`` as a match's evidence, with its scores."""
        return Evidence(
            doc_id=str(self.doc_ids[key]),
            title=self.titles[key],
            kind=self.kinds[key],
            score=score,
            dense=dense,
            lexical=lexical,
        )

    def hit(self, key: int, score: float, dense: float, lexical: float) -> DocumentHit:
        """Document ``key`` as a search result, with its owner and scores."""
        etype, eid = self.entities[self.doc_entity[key]]
        return DocumentHit(
            doc_id=str(self.doc_ids[key]),
            entity_type=etype,
            entity_id=eid,
            score=score,
            dense=dense,
            lexical=lexical,
        )

    def documents(self) -> Iterator[tuple[int, str, str, str, int, float]]:
        """(key, doc_id, title, kind, entity, han share) of every indexed document, by key."""
        for key in sorted(self.doc_key.values()):
            yield (
                key,
                str(self.doc_ids[key]),
                self.titles[key],
                self.kinds[key],
                int(self.doc_entity[key]),
                float(self.han[key]),
            )

    def restore(
        self,
        entities: Iterable[EntityRef],
        parents: dict[int, set[int]],
        n_keys: int,
        documents: Iterable[tuple[int, str, str, str, int, float | None]],
    ) -> None:
        """Replace the contents with saved ones (``documents`` as :meth:`documents` gives them;
        keys below ``n_keys`` without a document are free)."""
        self.entities = list(entities)
        self.entity_index = {e: i for i, e in enumerate(self.entities)}
        self.parents = parents
        self.doc_ids = [None] * n_keys
        self.titles = [""] * n_keys
        self.kinds = [""] * n_keys
        self.doc_entity = np.full(n_keys, -1, dtype=np.int64)
        self.han = np.zeros(n_keys, dtype=np.float32)
        self.doc_key = {}
        for key, doc_id, title, kind, entity, han in documents:
            self.doc_ids[key] = doc_id
            self.titles[key] = title
            self.kinds[key] = kind
            self.doc_entity[key] = entity
            # (a folder written before the share was kept: the title's)
            self.han[key] = han_share(title) if han is None else han
            self.doc_key[doc_id] = key
        self.free_keys = [k for k in range(n_keys) if self.doc_ids[k] is None]
