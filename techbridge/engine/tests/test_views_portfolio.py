"""Keywords as a second document view, a long need's title, and portfolio scoring."""

from pathlib import Path

import numpy as np
import pytest

from techbridge.engine import Document, Matcher, MatcherConfig
from techbridge.engine.encoders import OnnxE5Encoder
from techbridge.engine.portfolio import PortfolioStats
from techbridge.engine.text import tokenize
from techbridge.engine.vectors import ExactIndex, HNSWIndex

# -- portfolio statistics on hand-checkable vectors ---------------------------------------------


def test_portfolio_with_full_shrinkage_is_the_cosine_of_centred_centroids() -> None:
    # two portfolios in 2-D: A around (1, 0), B around (0, 1); collection mean (0.5, 0.5)
    vecs = np.array([[1.0, 0.2], [1.0, -0.2], [0.0, 1.0]])
    stats = PortfolioStats.build(vecs, np.array([7, 7, 9]), shrinkage=1.0)
    owners, scores = stats.scores(np.array([1.0, 0.0]))
    assert owners.tolist() == [7, 9]
    m = vecs.mean(axis=0)  # (2/3, 1/3)
    q = np.array([1.0, 0.0]) - m
    for owner, score, mu in ((7, scores[0], [1.0, 0.0]), (9, scores[1], [0.0, 1.0])):
        c = np.asarray(mu) - m
        expected = q @ c / (np.linalg.norm(q) * np.linalg.norm(c))
        assert score == pytest.approx(expected), owner
    assert scores[0] > 0 > scores[1]


def test_whitening_discounts_the_direction_portfolios_vary_in() -> None:
    # both portfolios spread widely along y (within-portfolio noise) and differ along x
    vecs = np.array([[1.0, 2.0], [1.0, -2.0], [-1.0, 2.0], [-1.0, -2.0]])
    owners = np.array([0, 0, 1, 1])
    query = np.array([0.3, 1.0])  # mostly along the noisy direction, a little towards 0
    plain = PortfolioStats.build(vecs, owners, shrinkage=1.0).scores(query)[1]
    whitened = PortfolioStats.build(vecs, owners, shrinkage=0.0).scores(query)[1]
    # the centroids are (±1, 0): plain cosine sees the query as nearly orthogonal to both;
    # whitening (y variance 4, x variance ~0) makes the small x component decisive
    assert abs(plain[0]) < 0.3
    assert whitened[0] > 0.99 and whitened[1] < -0.99


def test_excluding_a_document_equals_building_without_it() -> None:
    rng = np.random.default_rng(1)
    vecs = rng.normal(size=(12, 4))
    owners = np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
    query = rng.normal(size=4)
    full = PortfolioStats.build(vecs, owners, shrinkage=0.3)
    _, left_out = full.scores(query, [(vecs[5], 1)])
    _, rebuilt = PortfolioStats.build(np.delete(vecs, 5, 0), np.delete(owners, 5), 0.3).scores(
        query
    )
    assert np.allclose(left_out, rebuilt)
    # and the cached full answer is untouched
    assert not np.allclose(full.scores(query)[1], rebuilt)


# -- the matcher, with the real encoder --------------------------------------------------------


def test_keywords_are_indexed_and_embedded(e5: OnnxE5Encoder, tmp_path: Path) -> None:
    doc = Document(
        "p1",
        "alice",
        "expert",
        "Surface treatment of blades",
        "We study coatings for turbine blades.",
        keywords=("laser cladding", "Ti-6Al-4V"),
    )
    assert doc.index_text.endswith("laser cladding, Ti-6Al-4V")
    assert "clad" in tokenize(doc.index_text)
    plain = Document("p2", "bob", "expert", "Surface treatment of blades", "Coatings.")
    m = Matcher(encoder=e5).fit([doc, plain])
    assert 0 in m.kw_vectors_ and 1 not in m.kw_vectors_  # type: ignore[operator]
    kw = m.encode_keywords([doc, plain])
    assert np.allclose(kw[0], e5.encode_documents(["laser cladding, Ti-6Al-4V"])[0], atol=1e-5)
    assert not kw[1].any()
    hit = {h.doc_id: h for h in m.search("laser cladding", k=2)}
    assert hit["p1"].lexical > 0 and hit["p2"].lexical == 0
    # the keyword view counts: without it the same document's dense score is lower
    no_view = Matcher(encoder=e5, keyword_weight=0.0).fit([doc, plain])
    assert hit["p1"].dense > no_view.search("laser cladding", k=2)[0].dense
    # re-adding without keywords drops the keyword vector; save/load keeps the others
    m.save(tmp_path / "m")
    again = Matcher.load(tmp_path / "m", encoder=e5)
    assert 0 in again.kw_vectors_  # type: ignore[operator]
    again.add([Document("p1", "alice", "expert", "Surface treatment of blades", "x")])
    assert 0 not in again.kw_vectors_  # type: ignore[operator]


def test_keyword_vectors_are_scored_from_an_exact_index_whatever_the_text_index(
    e5: OnnxE5Encoder,
) -> None:
    doc = Document("p1", "alice", "expert", "Blades", "Coatings.", keywords=("laser cladding",))
    m = Matcher(encoder=e5, index="hnsw").fit([doc])
    assert isinstance(m.retriever_.vectors, HNSWIndex)
    assert isinstance(m.kw_vectors_, ExactIndex)


def test_a_long_needs_title_is_blended_in_and_a_short_need_ignores_it(e5: OnnxE5Encoder) -> None:
    m = Matcher(encoder=e5, need_title_weight=0.2)
    long_need = " ".join(["Wear resistant coatings for titanium compressor blades."] * 12)
    title = "Laser cladding"
    assert m.need_side(long_need) == "passage"
    expected = 0.8 * e5.encode_need_passages([long_need]) + 0.2 * e5.encode_queries([title])
    assert np.allclose(m.encode_need(long_need, title), expected, atol=1e-5)
    assert np.allclose(m.encode_need(long_need), e5.encode_need_passages([long_need]), atol=1e-5)
    short = "laser cladding of blades"
    assert np.allclose(m.encode_need(short, title), e5.encode_queries([short]), atol=1e-5)


PORTFOLIO_DOCS = [
    Document("a1", "1", "expert", "Laser cladding of titanium alloys", "", kind="paper"),
    Document("a2", "1", "expert", "Wear of laser clad coatings", "", kind="paper"),
    Document("b1", "2", "expert", "Lithium battery separators", "", kind="paper"),
    Document("b2", "2", "expert", "Solid electrolytes for batteries", "", kind="paper"),
    Document("c1", "3", "expert", "Battery thermal management", "", kind="paper"),
]


def _institutes(e5: OnnxE5Encoder, portfolio_weight: float | None = None) -> Matcher:
    config = MatcherConfig()
    if portfolio_weight is not None:
        config.portfolio_weight = portfolio_weight
    m = Matcher(config, encoder=e5).fit(PORTFOLIO_DOCS)
    m.link("expert", "1", "institute", "materials")
    m.link("expert", "2", "institute", "energy")
    m.link("expert", "3", "institute", "energy")
    return m


def test_portfolio_score_is_blended_into_institutes_only(e5: OnnxE5Encoder) -> None:
    need = "battery safety"
    with_p = _institutes(e5)
    without = _institutes(e5, portfolio_weight=0.0)
    a = {(x.entity_type, x.entity_id): x.score for x in with_p.match(need, k=0)}
    b = {(x.entity_type, x.entity_id): x.score for x in without.match(need, k=0)}
    assert a[("expert", "2")] == pytest.approx(b[("expert", "2")])  # experts unchanged
    assert a[("institute", "energy")] != pytest.approx(b[("institute", "energy")])
    # by hand: (top-k + w * whitened centroid cosine) / (1 + w)
    stats = with_p.portfolios_.stats(with_p.config, with_p.vectors_)
    assert stats is not None
    owners, pscore = stats.scores(with_p.encode_need(need))
    energy = with_p.entity_index_[("institute", "energy")]
    p = float(pscore[owners.tolist().index(energy)])
    w = with_p.config.portfolio_weight
    assert a[("institute", "energy")] == pytest.approx(
        min(max((b[("institute", "energy")] + w * p) / (1 + w), 0.0), 1.0), abs=1e-5
    )
    assert max(a, key=lambda k: a[k] if k[0] == "institute" else -1) == ("institute", "energy")


def test_excluded_document_leaves_the_portfolio_too(e5: OnnxE5Encoder) -> None:
    need = "battery thermal runaway"
    m = _institutes(e5)
    got = {x.entity_id: x.score for x in m.match(need, ["institute"], exclude_doc_ids=["c1"])}
    top_k = _institutes(e5, portfolio_weight=0.0)
    base = {x.entity_id: x.score for x in top_k.match(need, ["institute"], exclude_doc_ids=["c1"])}
    # the portfolio part must be that of a collection without c1
    m2 = Matcher(encoder=e5).fit([d for d in PORTFOLIO_DOCS if d.doc_id != "c1"])
    m2.link("expert", "1", "institute", "materials")
    m2.link("expert", "2", "institute", "energy")
    stats = m2.portfolios_.stats(m2.config, m2.vectors_)
    assert stats is not None
    owners, pscore = stats.scores(m2.encode_need(need))
    w = m.config.portfolio_weight
    for name in ("materials", "energy"):
        p = float(pscore[owners.tolist().index(m2.entity_index_[("institute", name)])])
        expected = min(max((base[name] + w * p) / (1 + w), 0.0), 1.0)
        assert got[name] == pytest.approx(expected, abs=1e-5), name


def test_portfolio_follows_links_and_removals(e5: OnnxE5Encoder) -> None:
    need = "laser cladding"
    m = _institutes(e5)
    before = {x.entity_id: x.score for x in m.match(need, ["institute"])}
    m.remove(["a2"])
    after = {x.entity_id: x.score for x in m.match(need, ["institute"])}
    assert after["materials"] != pytest.approx(before["materials"])
    m.unlink("expert", "1", "institute", "materials")
    assert "materials" not in {x.entity_id for x in m.match(need, ["institute"])}
