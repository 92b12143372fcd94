"""Chinese ↔ English term translation for the lexical side (``engine/translate.py``)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from techbridge.engine import Document, Matcher, MatcherConfig
from techbridge.engine.encoders import OnnxE5Encoder
from techbridge.engine.text import analyze
from techbridge.engine.translate import (
    Dictionary,
    Glossary,
    build_table,
    dictionary,
    expand_query,
    use_glossary,
)

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
    query = ["芽", "块茎", "芽"]
    assert expand_query(query, 0.0, table) == {"芽": 2, "块茎": 1}
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


GLOSSARY = Glossary.of(
    [
        ("增材制造", "additive manufacturing"),
        ("叶片", "turbine blade"),
        ("高温合金", "superalloy"),
        ("高温合金", "high-temperature alloy"),
    ]
)


def _terms(text: str) -> list[str]:
    return [t.term for t in analyze(text)]


def test_a_glossary_pair_spelt_in_order_replaces_its_words_dictionary_senses() -> None:
    got = expand_query(_terms("激光增材制造的叶片"), 1.0, glossary=GLOSSARY)
    # 增材制造 (two terms) brings its pair's two terms, one each; its words' own senses
    # (增材: increase, augment, ...) stay out; 激光 keeps the dictionary's (laser)
    assert got["addit"] == pytest.approx(1.0) and got["manufactur"] == pytest.approx(1.0)
    assert "increas" not in got and "augment" not in got
    assert "laser" in got
    # a one-word source: the glossary's sense only (叶片 is no leaf here)
    assert got["turbin"] == pytest.approx(0.5) and "leaf" not in got and "vane" not in got
    # the words of a pair not spelt in order keep their dictionary senses
    apart = expand_query(_terms("制造过程中的增材"), 1.0, glossary=GLOSSARY)
    assert "addit" not in apart and "increas" in apart


def test_a_glossary_pair_works_both_ways_and_a_source_with_two_pairs_shares_its_weight() -> None:
    got = expand_query(
        _terms("Superalloy blades by additive manufacturing"), 1.0, glossary=GLOSSARY
    )
    assert got["增材"] == pytest.approx(1.0) and got["制造"] == pytest.approx(1.0)
    # superalloy (one term) brings 高温合金's two terms, half each
    assert got["高温"] == pytest.approx(0.5) and got["合金"] == pytest.approx(0.5)
    # 高温合金 (two terms) has two pairs: each carries half of its weight of 2
    two = expand_query(_terms("高温合金"), 1.0, glossary=GLOSSARY)
    assert two["superalloy"] == pytest.approx(1.0)
    other = [t for t in two if t not in ("高温", "合金", "superalloy")]
    assert sum(two[t] for t in other) == pytest.approx(1.0)
    assert expand_query(_terms("增材制造"), 0.0, glossary=GLOSSARY) == {"增材": 1, "制造": 1}


def test_glossary_pairs_name_the_concepts_a_need_and_its_evidence_share() -> None:
    need = _terms("激光增材制造高温合金叶片的缺陷检测")
    evidence = _terms("Defects in superalloy parts made by additive manufacturing")
    assert GLOSSARY.pairs_in(need, evidence) == [
        ("增材制造", "additive manufacturing"),
        ("高温合金", "superalloy"),
    ]


@pytest.fixture
def glossary_in_use() -> Iterator[None]:
    use_glossary(Glossary.of([("增材制造", "additive manufacturing")]))
    yield
    use_glossary(Glossary())


def test_a_match_across_languages_is_explained_by_glossary_pairs_first(
    e5: OnnxE5Encoder, glossary_in_use: None
) -> None:
    docs = [
        Document(
            "p1",
            "a",
            "expert",
            "Additive manufacturing of parts",
            "Laser powder bed.",
            kind="paper",
        ),
        Document("p2", "b", "expert", "Channel allocation", "Wireless networks.", kind="paper"),
    ]
    got = Matcher(encoder=e5).fit(docs).match("增材制造工艺", entity_types=["expert"], k=1)
    assert got[0].entity_id == "a"
    assert got[0].term_pairs[0] == ("增材制造", "additive manufacturing")
