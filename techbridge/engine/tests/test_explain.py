from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from techbridge.engine.explain import align_terms, is_concept, shared_terms, split_by_language
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
    assert got[0] == "cladding" and set(got) == {"cladding", "laser", "titanium"}
    # With the need's text, terms side by side in the need and a document become a phrase.
    evidence = [["laser", "clad"], ["laser", "titanium"]]
    text = "Laser cladding of titanium"
    got = shared_terms(need, evidence, lambda t: df(t, 0), 100, need_text=text)
    assert got == ["laser cladding", "titanium"]
    assert split_by_language(["激光", "laser"]) == (("激光",), ("laser",))


def test_is_concept_rejects_stop_words_single_characters_and_common_words() -> None:
    # Given words of the kinds a match list must not show, and real concepts
    empty = ["中", "证", "技术", "提升", "方法", "的", "the", "of", "ct", "a", "42", "results"]
    real = ["激光", "缺陷", "钛合金", "高温合金", "laser", "blade", "5g", "Ti-6Al-4V", "CT扫描"]
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
