"""The one keyword parser: separators, clean-up and joining back."""

from techbridge.core.keywords import join_keywords, split_keywords


def test_every_separator_splits():
    text = "碳化硅,功率器件，外延；封装;可靠性、热管理\n缺陷表征\r\n离子注入"
    assert split_keywords(text) == (
        "碳化硅",
        "功率器件",
        "外延",
        "封装",
        "可靠性",
        "热管理",
        "缺陷表征",
        "离子注入",
    )


def test_spaces_inside_a_keyword_are_kept_and_collapsed():
    assert split_keywords("  SiC  power   devices ; GaN ") == ("SiC power devices", "GaN")


def test_empties_and_case_insensitive_repeats_are_dropped_first_spelling_kept():
    assert split_keywords("SiC, ,sic；；GaN、SIC\n\nGaN ,  gan") == ("SiC", "GaN")


def test_nothing_gives_no_keywords():
    assert split_keywords("") == ()
    assert split_keywords(None) == ()
    assert split_keywords(" ,；、\n ") == ()


def test_join_uses_a_chinese_comma_when_any_keyword_is_chinese():
    assert join_keywords(["SiC", "功率器件"]) == "SiC，功率器件"
    assert join_keywords(["SiC", "power devices"]) == "SiC, power devices"


def test_join_cleans_and_round_trips():
    assert join_keywords([" SiC ", "", "sic", "GaN"]) == "SiC, GaN"
    text = join_keywords(["碳化硅", "功率器件", "热管理"])
    assert split_keywords(text) == ("碳化硅", "功率器件", "热管理")
    assert join_keywords([]) == ""
