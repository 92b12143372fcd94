from techbridge.engine.text import analyze, detect_language, normalize, tokenize


def test_normalize_folds_width_script_and_case() -> None:
    assert normalize("ＡＢＣ　１２３") == "abc 123"
    assert normalize("機器學習") == "机器学习"
    assert normalize("  Deep\tLearning \n") == "deep learning"


def test_english_is_stemmed_and_stop_words_dropped() -> None:
    assert tokenize("The networks are learning to assign channels") == [
        "network",
        "learn",
        "assign",
        "channel",
    ]


def test_chinese_is_segmented_with_stop_words_dropped() -> None:
    terms = tokenize("基于深度学习的无线网络资源分配")
    assert "基于" not in terms and "的" not in terms
    assert {"深度", "学习", "资源分配"} <= set(terms)


def test_mixed_text_and_traditional_chinese_share_terms() -> None:
    simplified = tokenize("激光熔覆 laser cladding")
    traditional = tokenize("雷射熔覆 Laser Cladding".replace("雷射", "激光"))
    assert simplified == traditional
    assert tokenize("鈦合金") == tokenize("钛合金")


def test_compounds_keep_whole_and_parts() -> None:
    terms = tokenize("Ti-6Al-4V alloy for 5G")
    assert {"ti-6al-4v", "ti", "6al", "4v", "alloy", "5g"} <= set(terms)


def test_surface_forms_are_kept_for_explanations() -> None:
    tokens = analyze("Learning networks")
    assert [(t.term, t.surface) for t in tokens] == [("learn", "learning"), ("network", "networks")]


def test_detect_language() -> None:
    assert detect_language("基于深度学习的方法") == "zh"
    assert detect_language("a method for deep learning") == "en"
    assert detect_language("深度学习 deep learning method for networks") == "mixed"
