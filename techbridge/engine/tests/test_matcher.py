from pathlib import Path

import pytest

from techbridge.engine import Document, Matcher
from techbridge.engine.encoders import OnnxE5Encoder

DOCS = [
    Document(
        "p1",
        "alice",
        "expert",
        "Laser cladding of Ti-6Al-4V",
        "Wear resistant coatings deposited by laser cladding on titanium alloys.",
        kind="paper",
    ),
    Document(
        "p2",
        "alice",
        "expert",
        "Microstructure of laser clad coatings",
        "Hardness and wear of clad layers.",
        kind="paper",
    ),
    Document(
        "p3",
        "bob",
        "expert",
        "Deep learning for wireless resource allocation",
        "Neural networks assign channels in cellular networks.",
        kind="paper",
    ),
    Document(
        "a1",
        "ach-1",
        "achievement",
        "锂电池隔膜涂覆技术",
        "一种提高锂离子电池隔膜耐热性的陶瓷涂覆工艺。",
        kind="achievement",
    ),
]


@pytest.fixture
def matcher(e5: OnnxE5Encoder) -> Matcher:
    m = Matcher(encoder=e5).fit(DOCS)
    m.link("expert", "alice", "institute", "materials-lab")
    m.link("expert", "bob", "institute", "ict-lab")
    return m


def test_ranks_the_right_expert_with_evidence_and_terms(matcher: Matcher) -> None:
    got = matcher.match("laser cladding coating for titanium parts", entity_types=["expert"])
    assert [m.entity_id for m in got] == ["alice", "bob"]
    best = got[0]
    assert best.evidence[0].doc_id in {"p1", "p2"}
    assert "laser cladding coating" in best.terms_en  # "laser clad coatings" in p2
    assert "laser" in best.reason("en") and "共同关键词" in best.reason("zh")


def test_institute_is_scored_from_its_experts(matcher: Matcher) -> None:
    got = matcher.match("wireless channel allocation with neural networks", ["institute"], k=1)
    assert (got[0].entity_type, got[0].entity_id) == ("institute", "ict-lab")
    assert got[0].evidence[0].doc_id == "p3"


def test_chinese_need_finds_english_evidence_and_chinese_terms(matcher: Matcher) -> None:
    got = matcher.match("需要激光熔覆钛合金耐磨涂层技术", entity_types=["expert"])
    assert got[0].entity_id == "alice"
    # no index term is shared: the pairs come from embedding alignment
    assert ("激光", "laser") in got[0].term_pairs
    assert "激光" in got[0].terms_zh and "laser" in got[0].terms_en
    zh = matcher.match("锂电池隔膜的陶瓷涂覆", k=1)
    assert zh[0].entity_id == "ach-1" and zh[0].terms_zh == ("锂电池隔膜", "陶瓷涂覆")


def test_add_change_delete_without_rebuild(matcher: Matcher) -> None:
    matcher.add([Document("p4", "carol", "expert", "Graphene supercapacitors", "Electrodes.")])
    assert matcher.match("graphene supercapacitor electrodes", ["expert"], k=1)[0].entity_id == (
        "carol"
    )
    # change p3's text: bob now works on graphene too
    matcher.add([Document("p3", "bob", "expert", "Graphene supercapacitor electrodes", "")])
    top = {m.entity_id for m in matcher.match("graphene supercapacitor", ["expert"], k=2)}
    assert top == {"carol", "bob"}
    matcher.remove(["p4", "p3"])
    assert {m.entity_id for m in matcher.match("graphene", ["expert"], k=0)} == {"alice"}
    assert len(matcher) == 3
    # a new document takes a freed key: it is credited to its own expert, not the old owner
    matcher.add([Document("p5", "erin", "expert", "Graphene supercapacitors", "")])
    got = matcher.match("graphene supercapacitor", ["expert"], k=1)
    assert (got[0].entity_id, got[0].evidence[0].doc_id) == ("erin", "p5")


def test_exclude_and_search(matcher: Matcher) -> None:
    hits = matcher.search("laser cladding", k=2)
    assert {h.doc_id for h in hits} == {"p1", "p2"}
    got = matcher.match("laser cladding", ["expert"], exclude_doc_ids=["p1", "p2"])
    assert [m.entity_id for m in got] == ["bob"]


def test_save_and_load_give_the_same_answers(
    matcher: Matcher, e5: OnnxE5Encoder, tmp_path: Path
) -> None:
    need = "neural network channel assignment"
    before = matcher.match(need, k=0)
    matcher.save(tmp_path / "m")
    again = Matcher.load(tmp_path / "m", encoder=e5)
    after = again.match(need, k=0)
    assert [(m.entity_id, round(m.score, 5)) for m in after] == [
        (m.entity_id, round(m.score, 5)) for m in before
    ]
    again.add([Document("p9", "dan", "expert", "Channel coding", "")])
    assert len(again) == 5


def test_newer_format_is_refused(matcher: Matcher, tmp_path: Path) -> None:
    import json

    matcher.save(tmp_path / "m")
    state = json.loads((tmp_path / "m" / "matcher.json").read_text())
    state["format"] = 999
    (tmp_path / "m" / "matcher.json").write_text(json.dumps(state))
    with pytest.raises(ValueError, match="newer"):
        Matcher.load(tmp_path / "m")


def test_hashing_encoder_option_runs_without_a_model() -> None:
    m = Matcher(encoder="hashing", encoder_params={"dim": 64}).fit(DOCS)
    assert m.match("laser cladding", ["expert"], k=1)[0].entity_id == "alice"


def test_stored_need_vector_gives_the_same_ranking(matcher: Matcher) -> None:
    need = "laser cladding coating for titanium parts"
    vec = matcher.encode_need(need)
    assert matcher.need_side(need) == "query"  # short need: e5 query prefix
    fresh = matcher.match(need, k=3)
    stored = matcher.match(need, k=3, need_vector=vec[0])
    assert [(m.entity_id, m.score) for m in fresh] == [(m.entity_id, m.score) for m in stored]


def test_lexical_side_on_a_worker_thread_gives_the_same_matches(e5: OnnxE5Encoder) -> None:
    # Given the same documents in a matcher that searches both sides in turn and in one that
    # runs the lexical side on a worker thread from the first document on
    from concurrent.futures import ThreadPoolExecutor

    from techbridge.engine.matcher import MatcherConfig

    in_turn = Matcher(encoder=e5).fit(DOCS)
    side_by_side = Matcher(MatcherConfig(parallel_min_docs=1), encoder=e5).fit(DOCS)
    needs = [
        "laser cladding wear coatings",
        "需要激光熔覆钛合金耐磨涂层技术",
        "锂电池隔膜的陶瓷涂覆",
    ]

    def answer(m: Matcher, need: str) -> list[tuple[str, float, tuple[str, ...], tuple[str, ...]]]:
        return [(x.entity_id, round(x.score, 6), x.terms_zh, x.terms_en) for x in m.match(need)]

    # When each need is matched by both, and by the threaded one from four threads at once
    expected = [answer(in_turn, n) for n in needs]
    with ThreadPoolExecutor(4) as pool:
        concurrent = list(pool.map(lambda n: answer(side_by_side, n), needs * 4))
    # Then the answers are the same, terms and explanations included
    assert [answer(side_by_side, n) for n in needs] == expected
    assert concurrent == expected * 4
    assert expected[0][0][0] == "alice" and expected[2][0][0] == "ach-1"
