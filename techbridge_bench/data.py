"""Readers for the benchmark data sets (goldstandard, CSL, xling) and a cached Matcher."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techbridge.engine.encoders import CachedEncoder, make_encoder
from techbridge.engine.matcher import Document, Matcher, MatcherConfig

__all__ = [
    "CSLPaper",
    "csl_documents",
    "default_cache_dir",
    "gold_need",
    "make_bench_matcher",
    "read_csl",
    "read_goldstandard_copy",
    "read_xling",
]


def default_cache_dir() -> Path:
    """``$TECHBRIDGE_CACHE`` or ``~/.cache/techbridge``."""
    env = os.environ.get("TECHBRIDGE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "techbridge"


def make_bench_matcher(cache_dir: Path | None, **overrides: Any) -> Matcher:
    """The platform's default :class:`Matcher`, with the encoder wrapped in an on-disk cache."""
    config = MatcherConfig.from_dict(overrides)
    encoder = make_encoder(config.encoder, **config.encoder_params)
    if cache_dir is not None:
        tag = json.dumps(config.encoder_params, sort_keys=True)
        encoder = CachedEncoder(encoder, cache_dir / "embeddings", tag=tag)
    return Matcher(config, encoder=encoder)


def _paper_text(content: dict[str, Any]) -> tuple[str, str]:
    return str(content.get("title") or "").strip(), str(content.get("abstract") or "").strip()


def gold_need(title: str, abstract: str) -> str:
    """A gold-standard submission as a need text: ``"title. abstract"`` (its title is also
    passed to the matcher as ``need_title``)."""
    return f"{title}. {abstract}" if abstract else title


def read_goldstandard_copy(
    copy_dir: Path,
) -> tuple[dict[str, tuple[str, str]], list[Document]]:
    """Submissions ``{paper_id: (title, abstract)}`` and the researchers' archive documents."""
    subs_raw = json.loads((copy_dir / "submissions.json").read_text())
    submissions = {pid: _paper_text(rec.get("content", {})) for pid, rec in subs_raw.items()}
    docs: list[Document] = []
    for path in sorted((copy_dir / "archives").glob("*.jsonl")):
        reviewer = path.stem
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                title, abstract = _paper_text(rec.get("content", {}))
                docs.append(
                    Document(
                        doc_id=f"{reviewer}/{rec['id']}",
                        entity_id=reviewer,
                        entity_type="expert",
                        title=title,
                        text=abstract,
                        kind="paper",
                    )
                )
    return submissions, docs


@dataclass(frozen=True)
class CSLPaper:
    """One CSL record."""

    id: str
    title: str
    abstract: str
    keywords: tuple[str, ...]
    discipline: str


def read_csl(path: Path) -> list[CSLPaper]:
    """Read ``papers.jsonl``."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                out.append(
                    CSLPaper(
                        str(r["id"]),
                        str(r.get("title") or ""),
                        str(r.get("abstract") or ""),
                        tuple(r.get("keywords") or ()),
                        str(r["discipline"]),
                    )
                )
    return out


def csl_documents(papers: list[CSLPaper]) -> list[Document]:
    """CSL papers as documents: a discipline stands for an institute known only by its
    portfolio (portfolio scoring applies), and the papers keep their keywords, as the
    platform's papers and achievements do."""
    return [
        Document(
            p.id, p.discipline, "institute", p.title, p.abstract, kind="paper", keywords=p.keywords
        )
        for p in papers
    ]


def read_xling(path: Path) -> list[dict[str, str]]:
    """Read ``pairs.jsonl`` rows ``{"id", "kind", "zh", "en"}``."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
