from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from techbridge.engine.explain import (
    COMMON_MIN_DOCS,
    COMMON_SHARE,
    align_terms,
    framing_terms,
    is_concept,
    shared_terms,
    split_by_language,
)
from techbridge.engine.text import analyze, tokenize

# Hand-made unit vectors: each word points along the axis of its meaning.
AXES = {
    "激光": [1.0, 0.0, 0.0],
    "laser": [0.99, 0.141, 0.0],
    "钛合金": [0.0, 1.0, 0.0],
    "titanium": [0.0, 0.95, 0.312],
    "titanium alloy": [0.0, 0.995, 0.1],
    "涂层": [0.0, 0.0, 1.0],
    "coating": [0.6, 0.0, 0.8],
    "paint": [0.58, 0.0, 0.815],
}


def fake_embed(words: Sequence[str]) -> npt.NDArray[np.float32]:
    m = np.asarray([AXES[w] for w in words], dtype=np.float32)
    out: npt.NDArray[np.float32] = m / np.linalg.norm(m, axis=1, keepdims=True)
    return out


def test_align_terms_keeps_mutual_clear_pairs_in_need_order() -> None:
    got = align_terms(
        ["钛合金", "激光", "涂层"],
        ["laser", "titanium", "titanium alloy", "coating", "paint"],
        fake_embed,
        threshold=0.85,
        margin=0.02,
    )
    # 钛合金 -> "titanium alloy" (0.995; "titanium" overlaps it and does not compete);
    # 涂层 is dropped: below the threshold (0.8) and "coating"/"paint" are too close.
    assert got == [("钛合金", "titanium alloy"), ("激光", "laser")]


def test_align_terms_needs_other_script_words() -> None:
    assert align_terms(["laser"], ["laser"], fake_embed, 0.5, 0.0) == []
    assert align_terms(["激光"], [], fake_embed, 0.5, 0.0) == []


def test_shared_terms_weight_rare_terms_first() -> None:
    need = analyze("laser cladding of titanium")
    df = {"laser": 50, "clad": 2, "titanium": 10}.get
    got = shared_terms(need, [["laser", "clad"], ["laser", "titanium"]], lambda t: df(t, 0), 100)
    # "laser" stands in half the collection's documents: it says nothing alone
    assert got == ["cladding", "titanium"]
    df = {"laser": 5, "clad": 2, "titanium": 10}.get
    got = shared_terms(need, [["laser", "clad"], ["laser", "titanium"]], lambda t: df(t, 0), 100)
    assert set(got) == {"cladding", "laser", "titanium"}
    # With the need's text, terms side by side in the need and a document become a phrase.
    evidence = [["laser", "clad"], ["laser", "titanium"]]
    text = "Laser cladding of titanium"
    got = shared_terms(need, evidence, lambda t: df(t, 0), 100, need_text=text)
    assert got == ["laser cladding", "titanium"]
    assert split_by_language(["激光", "laser"]) == (("激光",), ("laser",))


def test_is_concept_rejects_stop_words_single_characters_and_common_words() -> None:
    # Given words of the kinds a match list must not show, and real concepts
    empty = ["中", "证", "技术", "提升", "方法", "的", "the", "of", "ct", "a", "42", "results"]
    empty += ["区过"]  # guessed by the segmenter from 热影响区过大
    real = ["激光", "缺陷", "钛合金", "高温合金", "laser", "blade", "5g", "Ti-6Al-4V", "CT扫描"]
    real += ["良率", "芯粒", "区块链"]  # not in jieba's dictionary either
    # Then only the concepts pass (a Han word must be all Han: "CT扫描" is two terms)
    assert [w for w in empty if is_concept(w)] == []
    assert [w for w in real if not is_concept(w)] == ["CT扫描"]


def test_shared_terms_show_phrases_and_no_empty_words() -> None:
    # Given a Chinese need whose shared words include 技术, 提升, 中 and 证
    need = "激光增材制造高温合金叶片的缺陷检测技术，提升检测中证据的可靠性"
    evidence = [tokenize("高温合金叶片激光增材制造缺陷检测方法"), tokenize("中证技术提升")]
    # When the shared terms are listed
    got = shared_terms(analyze(need), evidence, lambda t: 3, 100, need_text=need)
    # Then they are the multi-word concepts, and the common words appear only inside them
    assert set(got) == {"激光增材制造", "高温合金叶片", "缺陷检测"}


def test_shared_terms_keep_a_compound_whole_without_its_fragments() -> None:
    need = "Ti-6Al-4V blades with CT inspection"
    evidence = [tokenize("Ti-6Al-4V parts"), tokenize("turbine blades")]
    got = shared_terms(analyze(need), evidence, lambda t: 3, 100, need_text=need)
    assert set(got) == {"ti-6al-4v", "blades"}


def test_a_phrase_neither_starts_nor_ends_on_a_word_that_leaves_it_dangling() -> None:
    # Given needs and documents written from the same sentences (as a need and its
    # enterprise's earlier reports are)
    cases = {
        ("原料药杂质控制难以满足申报要求", "杂质控制难以达标"): ["杂质控制"],
        ("解决工艺放大后批间差异大的问题", "解决工艺放大批间差异"): ["差异", "工艺"],
        ("激光增材制造高温合金叶片", "高温合金叶片的激光增材制造"): [
            "激光增材制造",
            "高温合金叶片",
        ],
    }
    for (need, document), expected in cases.items():
        # When the terms the need shares with the document are listed
        evidence = [tokenize(document)]
        got = shared_terms(analyze(need), evidence, lambda t: 3, 200, need_text=need)
        # Then a phrase loses a leading word that is no concept (解决, 间) and a trailing
        # adverb or single character (难以, 放), and keeps a trailing noun or verb (制造)
        assert sorted(got) == sorted(expected), need


def test_the_collection_s_boilerplate_is_not_shown_alone() -> None:
    # Given a need whose words 检测 and 可靠性 stand in most of a large collection's documents
    need = "叶片缺陷检测的可靠性"
    evidence = [tokenize("叶片缺陷检测与可靠性评估")]
    common = {"检测": 560, "可靠性": 125}
    n_docs = 1000
    assert common["可靠性"] > COMMON_SHARE * n_docs and n_docs >= COMMON_MIN_DOCS

    def df(term: str) -> int:
        return common.get(term, 4)

    # When the shared terms are listed, alone they go, inside a phrase with a rarer concept
    # they stay
    got = shared_terms(analyze(need), evidence, df, n_docs, need_text=need)
    assert got == ["叶片缺陷检测"]
    assert shared_terms(analyze(need), evidence, df, n_docs) == ["叶片", "缺陷"]
    # And in a collection too small for a share to mean much, every concept is shown
    small = shared_terms(analyze(need), evidence, lambda t: 30, COMMON_MIN_DOCS - 1)
    assert sorted(small) == sorted(["叶片", "缺陷", "检测", "可靠性"])


def test_the_boilerplate_of_needs_is_not_shown_alone() -> None:
    # Given a need written as needs are (联合攻关 in most of 300 needs)
    need = "碳化硅外延缺陷检测联合攻关"
    tokens = analyze(need)
    in_needs = {"联合攻关": 260, "碳化硅": 12, "外延": 9}
    framing = framing_terms(tokens, lambda term: in_needs.get(term, 3), 300)
    assert framing == frozenset({"联合攻关"})
    # When its terms shared with a project report are listed
    evidence = [tokenize("碳化硅外延缺陷联合攻关项目")]
    got = shared_terms(tokens, evidence, lambda t: 3, 1000, framing=framing)
    # Then the needs' boilerplate is left out, the subjects stay
    assert "联合攻关" not in got and {"碳化硅", "外延", "缺陷"} <= set(got)
    assert "联合攻关" in shared_terms(tokens, evidence, lambda t: 3, 1000)
    # And fewer needs than COMMON_MIN_DOCS frame nothing
    assert framing_terms(tokens, lambda term: 99, COMMON_MIN_DOCS - 1) == frozenset()


def test_a_matcher_leaves_the_framing_of_the_need_s_collection_out_of_its_explanations() -> None:
    from techbridge.engine import Document, Matcher

    docs = [
        Document("p1", "e1", "expert", text="碳化硅外延缺陷联合攻关项目"),
        Document("p2", "e2", "expert", text="锂电池极片涂布联合攻关项目"),
    ]
    matcher = Matcher(encoder="hashing").fit(docs)
    need = "碳化硅外延缺陷检测联合攻关"
    plain = matcher.match(need, k=1)[0]
    framed = matcher.match(need, k=1, framing=(lambda t: 250 if t == "联合攻关" else 2, 300))[0]
    assert "联合攻关" in plain.terms_zh and "联合攻关" not in framed.terms_zh
    assert "碳化硅外延缺陷" in framed.terms_zh


def test_the_words_paired_across_languages_leave_the_boilerplate_out_too() -> None:
    from techbridge.engine.explain import key_words

    # Given a need whose 批次 frames most needs and whose 合成 stands in most documents
    tokens = analyze("小分子药物合成批次稳定性")
    df = {"合成": 400}
    words = key_words(tokens, lambda t: df.get(t, 5), 8)
    assert {"批次", "合成"} <= set(words)
    # When the words to pair with an English document's are chosen for a collection of 1,000
    chosen = key_words(tokens, lambda t: df.get(t, 5), 8, n_docs=1000, framing=frozenset({"批次"}))
    # Then neither is among them, and the subjects are
    assert "批次" not in chosen and "合成" not in chosen and "药物" in chosen
