"""Chinese ↔ English term translation for the lexical side (``engine/translate.py``)."""

from collections import Counter
from pathlib import Path

import pytest

from techbridge.engine import Document, Matcher, MatcherConfig
from techbridge.engine.encoders import OnnxE5Encoder
from techbridge.engine.translate import Dictionary, build_table, dictionary, expand_query

SENSES = [
    ("块茎", ["tuber"]),
    ("芽", ["bud", "sprout"]),
    ("节", ["festival", "node (botany)"]),
    ("个", ["CL:個|个[ge4]", "individual"]),
    ("苓", ["tuber", "surname Ling"]),
]


@pytest.fixture
def table(tmp_path: Path) -> Dictionary:
    return Dictionary(build_table(tmp_path / "t.sqlite3", SENSES))


def test_a_word_shares_its_weight_among_its_senses_terms(table: Dictionary) -> None:
    found = table.translations(["芽", "节", "个", "蛋白"])
    assert dict(found["芽"]) == {"bud": 0.5, "sprout": 0.5}
    # the gloss in brackets is dropped; classifier and surname senses never count
    assert dict(found["节"]) == {"festiv": 0.5, "node": 0.5}
    assert dict(found["个"]) == {"individu": 1.0}
    assert "蛋白" not in found


def test_an_english_term_brings_the_words_with_that_one_sense(table: Dictionary) -> None:
    assert dict(table.translations(["tuber"])["tuber"]) == {"块茎": 0.5, "苓": 0.5}


def test_an_unknown_compound_is_cut_into_known_words(table: Dictionary) -> None:
    # 节和芽 is not a word of the dictionary: 节 and 芽 are (和 is not, here)
    assert dict(table.translations(["节和芽"])["节和芽"]) == {
        "festiv": 0.25,
        "node": 0.25,
        "bud": 0.25,
        "sprout": 0.25,
    }


def test_expansion_adds_translations_at_the_weight_and_keeps_the_query(table: Dictionary) -> None:
    query = Counter({"芽": 2, "块茎": 1})
    assert expand_query(query, 0.0, table) == query
    got = expand_query(query, 0.5, table)
    assert got["芽"] == 2 and got["块茎"] == 1
    assert got["bud"] == pytest.approx(0.5 * 2 * 0.5) and got["tuber"] == pytest.approx(0.5)


def test_the_shipped_dictionary_translates_field_terms_both_ways() -> None:
    table = dictionary()
    found = table.translations(["碳化硅", "carbid", "锂电池"])
    assert {"silicon", "carbid"} <= {t for t, _ in found["碳化硅"]}
    assert "碳化物" in {t for t, _ in found["carbid"]}
    assert {"lithium", "batteri"} <= {t for t, _ in found["锂电池"]}


def test_a_chinese_need_meets_an_english_document_on_the_lexical_side(e5: OnnxE5Encoder) -> None:
    docs = [
        Document("p1", "a", "expert", "Tuber storage", "Storage of potato tubers.", kind="paper"),
        Document("p2", "b", "expert", "Channel allocation", "Wireless networks.", kind="paper"),
    ]
    need = "马铃薯块茎的储藏"
    plain = Matcher(MatcherConfig(translation_weight=0.0), encoder=e5).fit(docs)
    assert all(hit.lexical == 0 for hit in plain.search(need, k=2))
    translated = Matcher(MatcherConfig(translation_weight=0.5), encoder=e5).fit(docs)
    hits = translated.search(need, k=2)
    assert hits[0].doc_id == "p1" and hits[0].lexical > 0
    assert hits[0].score > plain.search(need, k=1)[0].score


def test_a_match_across_languages_is_explained_by_dictionary_pairs(e5: OnnxE5Encoder) -> None:
    docs = [
        Document("p1", "a", "expert", "Potato tuber storage", "Sprouting in store.", kind="paper"),
        Document("p2", "b", "expert", "Channel allocation", "Wireless networks.", kind="paper"),
    ]
    got = Matcher(encoder=e5).fit(docs).match("马铃薯块茎的储藏", entity_types=["expert"], k=1)
    assert got[0].entity_id == "a"
    assert ("块茎", "tuber") in got[0].term_pairs
    assert "块茎" in got[0].terms_zh and "tuber" in got[0].terms_en
