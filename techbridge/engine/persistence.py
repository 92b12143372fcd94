"""A matcher on disk: one folder, versioned (``FORMAT_VERSION``).

- ``matcher.json``: format, configuration, encoder (name, dimension), entities, parent links
  and the number of document keys;
- ``documents.jsonl``: one line per indexed document, by key: key, id, title, kind, entity;
- ``lexical/``, ``vectors/`` and ``kw_vectors/`` (documents with keywords): the indexes, each
  in its own versioned format.

A folder is read by code of its format or newer; older code refuses it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from techbridge.engine.catalog import Catalog
from techbridge.engine.documents import MatcherConfig
from techbridge.engine.encoders import Encoder
from techbridge.engine.lexical import LexicalIndex
from techbridge.engine.retrieval import Retriever
from techbridge.engine.vectors import load_index

__all__ = ["FORMAT_VERSION", "read_into", "read_state", "write"]

# 2: keyword vectors (``kw_vectors/``) and the keyword/title/portfolio settings.
FORMAT_VERSION = 2


def write(
    path: str | Path,
    *,
    config: MatcherConfig,
    encoder: Encoder,
    catalog: Catalog,
    retriever: Retriever,
) -> None:
    """Write a matcher's parts under directory ``path``."""
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    state = {
        "format": FORMAT_VERSION,
        "config": asdict(config),
        "encoder": {"name": encoder.name, "dim": encoder.dim},
        "entities": [list(e) for e in catalog.entities],
        "parents": {str(c): sorted(p) for c, p in catalog.parents.items()},
        "n_keys": len(catalog.doc_ids),
    }
    (root / "matcher.json").write_text(json.dumps(state, ensure_ascii=False))
    with open(root / "documents.jsonl", "w", encoding="utf-8") as fh:
        for key, doc_id, title, kind, entity, han in catalog.documents():
            row = {
                "key": key,
                "doc_id": doc_id,
                "title": title,
                "kind": kind,
                "entity": entity,
                "han": round(han, 4),
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    retriever.lexical.save(root / "lexical")
    if retriever.vectors is not None:
        retriever.vectors.save(root / "vectors")
    if retriever.kw_vectors is not None:
        retriever.kw_vectors.save(root / "kw_vectors")


def read_state(path: str | Path) -> dict[str, Any]:
    """The contents of ``matcher.json`` (``"config"``: the configuration to rebuild the matcher
    with); refuses a format newer than this code."""
    state: dict[str, Any] = json.loads((Path(path) / "matcher.json").read_text())
    if int(state["format"]) > FORMAT_VERSION:
        raise ValueError(f"matcher format {state['format']} is newer than this code reads")
    return state


def _documents(path: Path) -> Iterator[tuple[int, str, str, str, int, float | None]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            yield (
                int(row["key"]),
                row["doc_id"],
                row["title"],
                row["kind"],
                int(row["entity"]),
                row.get("han"),
            )


def read_into(
    path: str | Path,
    state: dict[str, Any],
    *,
    encoder: Encoder,
    catalog: Catalog,
    retriever: Retriever,
    vectors: bool = True,
) -> None:
    """Fill a new matcher's ``catalog`` and ``retriever`` from folder ``path`` (``state`` from
    :func:`read_state`); ``vectors=False`` keeps the retriever's vector index (one given by
    the caller). Refuses a folder written with another encoder."""
    root = Path(path)
    if encoder.name != state["encoder"]["name"]:
        raise ValueError(
            f"saved with encoder {state['encoder']['name']!r}, loading with {encoder.name!r}"
        )
    catalog.restore(
        [(e[0], e[1]) for e in state["entities"]],
        {int(c): set(p) for c, p in state["parents"].items()},
        int(state["n_keys"]),
        _documents(root / "documents.jsonl"),
    )
    retriever.lexical = LexicalIndex.load(root / "lexical")
    if vectors and (root / "vectors").exists():
        retriever.vectors = load_index(root / "vectors")
    if (root / "kw_vectors").exists():
        retriever.kw_vectors = load_index(root / "kw_vectors")
