"""Language centring (``engine/languages.py``): a need's documents in the other language are
scored against the need's own baseline, so they compete with its own language on subject."""

from pathlib import Path

import numpy as np
import pytest

from techbridge.engine import Document, Matcher, MatcherConfig
from techbridge.engine.encoders import OnnxE5Encoder
from techbridge.engine.languages import LanguageCentroids
from techbridge.engine.text import han_share


def test_a_document_in_the_other_language_gains_the_difference_of_the_needs_baselines() -> None:
    vectors = np.asarray([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]])
    han = np.asarray([1.0, 1.0, 0.0])  # two Chinese documents, one English
    centroids = LanguageCentroids.of(vectors, han)
    need = np.asarray([1.0, 0.0])
    # the need's baselines: 0.9 (Chinese centroid), 0.0 (English)
    gains = centroids.gains(need, 1.0, han.astype(np.float32), 1.0)
    assert gains.tolist() == pytest.approx([0.0, 0.0, 0.9])
    # an English need: the Chinese documents lose what the English one would gain
    assert centroids.gains(need, 0.0, han.astype(np.float32), 0.5).tolist() == pytest.approx(
        [-0.45, -0.45, 0.0]
    )
    # one language alone in the collection: nothing to centre on
    alone = LanguageCentroids.of(vectors[:2], han[:2])
    assert not alone.usable
    assert alone.gains(need, 0.0, han[:2].astype(np.float32), 1.0).tolist() == [0.0, 0.0]


def test_han_share_counts_a_han_character_as_four_latin_letters() -> None:
    assert han_share("Gallium oxide") == 0.0
    assert han_share("氧化镓") == 1.0
    assert han_share("氧化镓 GaO") == pytest.approx(3 / (3 + 3 / 4))


DOCS = [
    Document(
        "en1",
        "a",
        "expert",
        "Gallium oxide power devices",
        "High breakdown voltage and edge termination of gallium oxide power devices.",
        kind="paper",
    ),
    Document(
        "zh1", "b", "expert", "污水处理工艺", "城市污水处理厂的生物脱氮除磷工艺优化。", kind="paper"
    ),
    Document(
        "zh2", "c", "expert", "锂电池回收", "废旧锂电池正极材料的湿法回收技术。", kind="paper"
    ),
    Document(
        "zh3", "d", "expert", "中药提取", "中药有效成分的超临界萃取与分离纯化。", kind="paper"
    ),
    Document("zh4", "e", "expert", "道路交通", "城市道路交通信号的自适应控制方法。", kind="paper"),
    Document(
        "en2",
        "f",
        "expert",
        "Wastewater treatment",
        "Biological nitrogen removal in municipal wastewater plants.",
        kind="paper",
    ),
    Document(
        "en3",
        "g",
        "expert",
        "Traffic signal control",
        "Adaptive control of urban traffic signals.",
        kind="paper",
    ),
    Document(
        "en4",
        "h",
        "expert",
        "Herbal extraction",
        "Supercritical extraction of active ingredients from medicinal herbs.",
        kind="paper",
    ),
]
NEED = "提高氧化镓功率器件的击穿电压"


def _ranked(e5: OnnxE5Encoder, centring: float, tmp: Path | None = None) -> list[str]:
    config = MatcherConfig(language_centring=centring, translation_weight=0.0)
    matcher = Matcher(config, encoder=e5).fit(DOCS)
    if tmp is not None:
        matcher.save(tmp)
        matcher = Matcher.load(tmp, encoder=e5)
    return [hit.doc_id for hit in matcher.search(NEED, k=5)]


def test_a_chinese_need_finds_its_english_document_above_chinese_ones_on_other_subjects(
    e5: OnnxE5Encoder, tmp_path: Path
) -> None:
    # the dictionary is off: the dense side alone decides
    plain = _ranked(e5, 0.0)
    centred = _ranked(e5, 1.0)
    assert plain.index("en1") > 0  # the shared language outranks the subject
    assert centred[0] == "en1"
    # not over-corrected: the English texts on other subjects stay below the Chinese ones
    assert centred[1].startswith("zh")
    # a saved matcher keeps each document's language
    assert _ranked(e5, 1.0, tmp_path / "saved") == centred
