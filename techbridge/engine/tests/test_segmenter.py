"""jieba over the compact dictionary (``engine/segmenter.py``) segments as jieba itself does."""

import re
from pathlib import Path

import jieba
import polib

from techbridge.engine import segmenter as segmenter_module
from techbridge.engine.model_cache import fallback_folder, in_cache
from techbridge.engine.segmenter import WordFrequencies, segmenter

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
VOCABULARY = Path(__file__).resolve().parents[2] / "demo" / "vocabulary.py"


def _texts() -> list[str]:
    """Real Chinese text: the interface's messages and the demo's vocabulary."""
    messages = [entry.msgid for entry in polib.pofile(str(LOCALE)) if entry.msgid]
    demo = re.findall(r"[\u4e00-\u9fff，、（）]{2,}", VOCABULARY.read_text(encoding="utf-8"))
    return messages + demo


def _compact(folder: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    frequencies, total = segmenter_module._load(tokenizer, folder)
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = frequencies, total, True
    return tokenizer


def test_the_compact_dictionary_segments_word_for_word_as_jieba(tmp_path: Path) -> None:
    compact = _compact(tmp_path)
    reference = jieba.Tokenizer()
    reference.initialize()
    assert isinstance(compact.FREQ, WordFrequencies)
    assert len(compact.FREQ) == len(reference.FREQ)
    assert compact.total == reference.total
    texts = _texts()
    assert len(texts) > 1000 and sum(map(len, texts)) > 10_000
    for text in texts:
        assert compact.lcut(text) == reference.lcut(text), text
        assert compact.lcut(text, HMM=False) == reference.lcut(text, HMM=False), text
    # membership, lookup and get as on jieba's dict: a word, a prefix (0), and no entry
    for word in ("研究院", "研究", "研"):
        assert (word in compact.FREQ) is True
        assert compact.FREQ[word] == reference.FREQ[word]
        assert compact.FREQ.get(word) == reference.FREQ.get(word)
    assert compact.FREQ.get("x不是词x") is None and "x不是词x" not in compact.FREQ


def test_the_dictionary_is_built_once_into_the_cache(tmp_path: Path) -> None:
    _compact(tmp_path)
    built = sorted(tmp_path.glob("jieba-words-*"))
    assert [p.suffix for p in built] == [".freq", ".marisa"]
    stamps = [p.stat().st_mtime_ns for p in built]
    again = _compact(tmp_path)  # read, not built again
    assert [p.stat().st_mtime_ns for p in built] == stamps
    assert again.lcut("江苏省产业技术研究院") == jieba.Tokenizer().lcut("江苏省产业技术研究院")


def test_an_unwritable_cache_falls_back_to_the_temp_dir(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")  # mkdir below it fails, as in a read-only home
    tokenizer = jieba.Tokenizer()
    frequencies, total = in_cache(
        lambda folder: segmenter_module._load(tokenizer, folder), blocked / "models"
    )
    words, words_total = tokenizer.gen_pfdict(tokenizer.get_dict_file())  # jieba's own reading
    assert (len(frequencies), total) == (len(words), words_total)
    assert list(fallback_folder().glob("jieba-words-*.marisa"))


def test_the_analyser_segments_with_the_compact_dictionary() -> None:
    lcut = segmenter()
    assert isinstance(jieba.dt.FREQ, WordFrequencies)
    assert lcut("激光增材制造高温合金叶片的缺陷检测") == [
        "激光",
        "增材",
        "制造",
        "高温",
        "合金",
        "叶片",
        "的",
        "缺陷",
        "检测",
    ]
