from pathlib import Path

import numpy as np
import pytest

from techbridge.engine import Document, Matcher, MatcherConfig
from techbridge.engine.calibration import (
    ChineseCosines,
    FitCalibration,
    chinese_lift,
    default_calibration,
    default_chinese_cosines,
    isotonic,
)
from techbridge.engine.encoders import OnnxE5Encoder


def test_isotonic_pools_adjacent_violators() -> None:
    # Given labels that dip once as the score grows
    x, y, n = isotonic([0.1, 0.2, 0.3, 0.4], [0.0, 1.0, 0.0, 1.0])
    # Then the dip is pooled with its neighbour into one block
    assert x.tolist() == pytest.approx([0.1, 0.25, 0.4])
    assert y.tolist() == [0.0, 0.5, 1.0] and n.tolist() == [1, 2, 1]


def test_fit_is_monotone_smoothed_and_reads_as_percent(tmp_path: Path) -> None:
    # Given pairs where higher scores are more often expert-level
    scores = [0.30] * 10 + [0.40] * 10 + [0.50] * 10
    labels = [False] * 9 + [True] + [False] * 5 + [True] * 5 + [True] * 10
    cal = FitCalibration("hand-made").fit(scores, labels)
    # Then the ends are not certainties, the middle is linear, and outside it is flat
    assert cal.percent(0.30) == 17 and cal.percent(0.40) == 50 and cal.percent(0.50) == 92
    assert cal.percent(0.45) == 71 and cal.percent(0.0) == 17 and cal.percent(1.0) == 92
    # And it survives a round trip; a newer format is refused
    cal.save(tmp_path / "c.json")
    again = FitCalibration.load(tmp_path / "c.json")
    assert again.percent(0.45) == 71 and again.fitted_on == "hand-made"
    (tmp_path / "new.json").write_text('{"format": 99, "scores": [0], "probabilities": [0]}')
    with pytest.raises(ValueError):
        FitCalibration.load(tmp_path / "new.json")


def test_shipped_map_spreads_the_usual_scores_over_the_scale() -> None:
    cal = default_calibration()
    assert np.all(np.diff(cal.scores_) > 0) and np.all(np.diff(cal.probabilities_) >= 0)
    fits = [cal.percent(s) for s in (0.0, 0.36, 0.40, 0.44, 0.48, 1.0)]
    assert fits == sorted(fits) and 0 <= fits[0] < 20 and fits[-1] <= 100
    assert fits[4] - fits[1] >= 40


def test_chinese_cosines_read_a_chinese_pair_on_the_english_scale(tmp_path: Path) -> None:
    # Given quantiles of Chinese and English background cosines (Chinese run higher)
    table = ChineseCosines([0.90, 0.92, 0.96], [0.84, 0.875, 0.93], "e5-onnx", "hand-made")
    # Then a Chinese cosine loses the difference at its quantile, interpolated between the
    # knots and the end's beyond them
    assert table.excess([0.90, 0.91, 0.96, 0.80, 0.99]).tolist() == pytest.approx(
        [0.06, 0.0525, 0.03, 0.06, 0.03]
    )
    table.save(tmp_path / "t.json")
    again = ChineseCosines.load(tmp_path / "t.json")
    assert again.encoder == "e5-onnx" and again.excess([0.91]).tolist() == pytest.approx([0.0525])
    with pytest.raises(ValueError):
        ChineseCosines([0.9, 0.8], [0.8, 0.7], "e5-onnx")
    # And the shipped table is the default encoder's alone, its excess positive and smaller
    # for closer pairs
    shipped = default_chinese_cosines("e5-onnx")
    assert shipped is not None and default_chinese_cosines("hashing") is None
    excess = shipped.excess([0.90, 0.93, 0.96])
    assert np.all(excess > 0) and excess[0] > excess[1] > excess[2]


def test_the_chinese_lift_weighs_how_chinese_the_need_and_its_best_documents_are() -> None:
    table = ChineseCosines([0.90, 0.96], [0.84, 0.93], "e5-onnx")
    fused = [0.9, 0.8, 0.1]
    dense = [0.8, 0.75, 0.0]  # cosines 0.92, 0.90 and one at the floor

    def lift(han: list[float], need_han: float, cosines: ChineseCosines | None = table) -> float:
        return chinese_lift(
            fused, dense, han, need_han, dense_weight=0.6, dense_floor=0.6, cosines=cosines
        )

    # An English need, or English documents, carry no lift
    assert lift([1.0, 1.0, 1.0], 0.0) == 0.0
    assert lift([0.0, 0.0, 0.0], 1.0) == 0.0
    assert lift([1.0, 1.0, 1.0], 1.0, None) == 0.0
    # A Chinese need and Chinese documents: the documents' excess, in fused-score units,
    # averaged (a document at the floor counts none)
    per_doc = [0.6 * table.excess([c])[0] / 0.4 for c in (0.92, 0.90)]
    got = lift([1.0, 1.0, 1.0], 1.0)
    assert got == pytest.approx((per_doc[0] + per_doc[1] + 0.0) / 3)
    # Half-Chinese documents carry half of it
    half = lift([0.5, 0.5, 0.5], 1.0)
    assert half == pytest.approx(got / 2)


def test_a_chinese_need_s_fits_are_read_below_the_lift_and_keep_their_order(
    e5: OnnxE5Encoder,
) -> None:
    # Given the same papers and need in Chinese and in English
    papers = [
        ("超快激光加工精密光学元件的热影响区控制", "ultrafast laser machining of precision optics"),
        ("飞秒激光微孔加工工艺", "femtosecond laser micro-drilling process"),
        ("钛合金激光增材制造缺陷检测", "defect inspection of laser additive titanium parts"),
        ("锂电池极片涂布厚度在线测量", "online thickness gauging of battery electrode coating"),
        ("食品冷链物联网温度监测", "IoT temperature monitoring of the food cold chain"),
        ("合成生物学菌株构建", "strain engineering for synthetic biology"),
    ]
    need_zh = "精密光学元件超快激光加工中热影响区过大，需要工艺优化"
    need_en = "ultrafast laser machining of precision optics leaves a large heat-affected zone"
    fitted = {}
    for lang, need in (("zh", need_zh), ("en", need_en)):
        docs = [
            Document(f"{lang}{i}", f"e{i}", "expert", text=pair[0 if lang == "zh" else 1])
            for i, pair in enumerate(papers)
        ]
        matcher = Matcher(MatcherConfig(), encoder=e5).fit(docs)
        fitted[lang] = matcher.match(need, k=6, explain=False)
    # Then the Chinese need's fits are read at its scores less one lift, and keep their order
    zh = fitted["zh"]
    lifts = {round(m.score - (m.fit_score or 0.0), 6) for m in zh}
    assert len(lifts) == 1 and lifts.pop() > 0.01
    assert [m.fit for m in zh] == sorted((m.fit for m in zh), reverse=True)
    cal = default_calibration()
    assert all(m.fit == cal.percent(m.fit_score or 0.0) < cal.percent(m.score) + 1 for m in zh)
    # And the English need's are read at its scores
    assert all(m.fit_score == m.score and m.fit == cal.percent(m.score) for m in fitted["en"])
