"""The values every reader normalises: DOI, ORCID iD, year, date, keywords, language, encoding."""

from __future__ import annotations

from datetime import date

import pytest

from techbridge.publications.formats.text import (
    FormatError,
    detect_encoding,
    normalise_doi,
    normalise_orcid,
    normalise_patent_number,
    parse_date,
    parse_year,
    split_keywords,
    text_language,
)


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("https://doi.org/10.1016/J.ADDMA.2021.102281", "10.1016/j.addma.2021.102281"),
        ("http://dx.doi.org/10.1109/TII.2021.3067654", "10.1109/tii.2021.3067654"),
        ("doi: 10.3788/CJL202148.1002101", "10.3788/cjl202148.1002101"),
        (" 10.1021/acsnano.0c01234 ", "10.1021/acsnano.0c01234"),
        ("not a doi", ""),
        ("", ""),
    ],
)
def test_doi_is_lower_case_without_url(raw: str, doi: str) -> None:
    assert normalise_doi(raw) == doi


@pytest.mark.parametrize(
    ("raw", "orcid"),
    [
        ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),  # ORCID's own example
        ("0000000218250097", "0000-0002-1825-0097"),
        ("http://orcid.org/0000-0003-0012-345x", "0000-0003-0012-345X"),  # X check digit
        ("0000-0002-1825-0098", ""),  # wrong check digit
        ("Zhang, San", ""),
    ],
)
def test_orcid_is_the_bare_id_with_a_valid_check_digit(raw: str, orcid: str) -> None:
    assert normalise_orcid(raw) == orcid


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("2021", 2021),
        ("2021-03-05", 2021),
        ("20230217", 2023),
        ("2021年第3期", 2021),
        (2019, 2019),
        (date(2020, 1, 2), 2020),
        ("in press", None),
        ("", None),
        ("12345", None),
    ],
)
def test_year(raw: object, year: int | None) -> None:
    assert parse_year(raw) == year


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2021-03-05", date(2021, 3, 5)),
        ("2022/06/14", date(2022, 6, 14)),
        ("20230217", date(2023, 2, 17)),
        ("2021年3月5日", date(2021, 3, 5)),
        ("2021", None),
        ("2021-02-30", None),
    ],
)
def test_date(raw: str, day: date | None) -> None:
    assert parse_date(raw) == day


def test_keywords_split_on_chinese_and_western_separators() -> None:
    assert split_keywords("激光选区熔化；TC4钛合金、孔隙,疲劳性能，残余应力; 孔隙") == [
        "激光选区熔化",
        "TC4钛合金",
        "孔隙",
        "疲劳性能",
        "残余应力",
    ]


def test_patent_numbers_lose_spaces_slashes_and_dashes() -> None:
    assert normalise_patent_number("CN 115678901 A") == "CN115678901A"
    assert normalise_patent_number("WO2023/123456a1") == "WO2023123456A1"
    assert normalise_patent_number("US-11456789-B2") == "US11456789B2"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("激光选区熔化TC4钛合金的孔隙缺陷与疲劳性能", "zh"),
        ("基于Transformer的医学影像病灶分割方法", "zh"),
        ("Few-shot surface defect detection for steel strip", "en"),
        ("Raman spectra of 石墨烯 on copper foil substrates", "en"),
        ("", ""),
    ],
)
def test_language_is_chinese_when_chinese_characters_carry_the_text(
    text: str, language: str
) -> None:
    assert text_language(text) == language


def test_encoding_gbk_is_read_as_gb18030() -> None:
    head = "题名：激光选区熔化钛合金的孔隙缺陷与疲劳性能研究；作者：张明远，李静怡".encode("gbk")
    assert detect_encoding(head) == "gb18030"


def test_encoding_bom_decides() -> None:
    assert detect_encoding(b"\xef\xbb\xbfTY  - JOUR") == "utf-8-sig"
    assert detect_encoding("TY  - JOUR".encode("utf-16")) == "utf-16"


def test_binary_bytes_are_no_text() -> None:
    with pytest.raises(FormatError) as raised:
        detect_encoding(bytes(range(256)) * 4)
    assert raised.value.code == "encoding"
