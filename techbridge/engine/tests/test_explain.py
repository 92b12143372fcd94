from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from techbridge.engine.explain import align_terms, shared_terms, split_by_language
from techbridge.engine.text import analyze

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
    assert split_by_language(["激光", "laser"]) == (("激光",), ("laser",))
