"""Shared terms on real texts from the benchmark data (skipped where ``../shared/bench`` is
absent): a match list never shows a stop word, a single character or a common word alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import stopwordsiso

from techbridge.engine import Document, Matcher

BENCH = Path(__file__).resolve().parents[3].parent / "shared" / "bench"
# Words the match lists showed as shared terms before the concept rule.
EMPTY = {"中", "证", "技术", "提升", "方法", "研究", "系统", "提高", "应用"}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _rows(path: Path, n: int) -> list[dict[str, object]]:
    if not path.exists():
        pytest.skip(f"benchmark data not here: {path}")
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()][:n]


def _assert_concepts(terms: list[str]) -> None:
    stop = stopwordsiso.stopwords(["zh", "en"])
    for term in terms:
        assert term not in stop, term
        assert term not in EMPTY, term
        if HAN.search(term):
            assert len(term) >= 2, term
        else:
            assert len(term) >= 3 or any(c.isdigit() for c in term), term


def _shown_terms(docs: list[Document], needs: list[str]) -> list[str]:
    matcher = Matcher(encoder="hashing").fit(docs)
    shown: list[str] = []
    for need in needs:
        for m in matcher.match(need, k=5):
            shown.extend(m.terms_zh + m.terms_en)
    return shown


def test_csl_titles_against_abstracts_show_only_concepts() -> None:
    # Given 300 Chinese papers indexed by their abstracts, and their titles as needs
    papers = _rows(BENCH / "csl" / "papers.jsonl", 300)
    docs = [
        Document(str(p["id"]), str(p["discipline"]), "institute", text=str(p["abstract"]))
        for p in papers
    ]
    # When each title is matched
    shown = _shown_terms(docs, [str(p["title"]) for p in papers[:120]])
    # Then terms are shown, and every one is a concept
    assert len(shown) > 200
    _assert_concepts(shown)


def test_xling_texts_in_both_languages_show_only_concepts() -> None:
    # Given the Chinese and the English half of every pair as documents
    pairs = _rows(BENCH / "xling" / "pairs.jsonl", 500)
    docs = [
        Document(f"{r['id']}:{lang}", str(r["id"]), "expert", text=str(r[lang]))
        for r in pairs
        for lang in ("zh", "en")
    ]
    # When texts of either language are matched
    needs = [str(r["zh"]) for r in pairs[::4]] + [str(r["en"]) for r in pairs[1::4]]
    shown = _shown_terms(docs, needs)
    # Then both languages' terms are shown, and every one is a concept
    assert any(HAN.search(t) for t in shown) and any(not HAN.search(t) for t in shown)
    _assert_concepts(shown)
