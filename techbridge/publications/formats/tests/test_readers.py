"""Each format's sample file read into records: the fields a research office's import needs."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date

from techbridge.publications.formats import FORMATS, ParsedRecord, detect_format, read

from .reading import SAMPLES, errors, read_sample, records

#: sample file -> its format
SAMPLE_FORMATS = {
    "library.bib": "bibtex",
    "broken_entry.bib": "bibtex",
    "wos_en.ris": "ris",
    "cnki_gbk.ris": "ris",
    "no_end.ris": "ris",
    "cnki_endnote_gbk.txt": "endnote",
    "cnki_noteexpress.txt": "endnote",
    "openalex_work.json": "openalex",
    "openalex_list.json": "openalex",
    "openalex_snapshot.jsonl": "openalex",
    "orcid_works.json": "orcid",
    "orcid_record.json": "orcid",
    "orcid_record.xml": "orcid",
    "crossref_work.json": "crossref",
    "crossref_list.json": "crossref",
    "st36_patents.xml": "st36",
    "broken_st36.xml": "st36",
    "patents_cnipa_gbk.csv": "patent_table",
    "patents_en.csv": "patent_table",
    "patents_incopat.xlsx": "patent_table",
}


def test_every_format_has_a_sample() -> None:
    assert set(SAMPLE_FORMATS.values()) == set(FORMATS)
    assert {p.name for p in SAMPLES.iterdir()} == set(SAMPLE_FORMATS)


def test_detect_format_from_name_and_content() -> None:
    found = {
        name: detect_format(name, (SAMPLES / name).read_bytes()[:65536]) for name in SAMPLE_FORMATS
    }
    assert found == SAMPLE_FORMATS


def test_detect_format_trusts_content_over_extension_and_knows_unknown_files() -> None:
    ris = (SAMPLES / "wos_en.ris").read_bytes()
    assert detect_format("export.txt", ris) == "ris"
    assert detect_format("notes.txt", b"Meeting notes: call the foundry on Monday.") is None
    assert detect_format("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3") is None


def test_bibtex_entries_with_orcid_latex_and_patent() -> None:
    items = read_sample("library.bib")
    assert errors(items) == []
    paper, proceedings, chinese, patent = records(items)
    assert paper.source_id == "zhang2021porosity"
    assert paper.title.startswith("Porosity control in laser powder bed fusion of Ti-6Al-4V")
    assert paper.venue == "Additive Manufacturing"  # the @string resolved
    assert paper.doi == "10.1016/j.addma.2021.102281"
    assert [a.name for a in paper.authors] == ["Zhang, Mingyuan", "Keller, Anna", "Li, Jingyi"]
    assert paper.authors[0].orcid == "0000-0003-1234-5674"
    assert paper.keywords == ["additive manufacturing", "porosity", "Ti-6Al-4V"]
    assert (paper.year, paper.language, paper.kind) == (2021, "en", "paper")
    assert proceedings.venue.startswith("Proceedings of the IEEE")
    assert [a.name for a in proceedings.authors] == ["David Morrison", "Haitao Wang"]
    assert chinese.language == "zh"
    assert chinese.field_languages == {"title": "zh", "abstract": "zh"}
    assert chinese.keywords == ["水凝胶", "软骨修复", "组织工程"]
    assert [a.name for a in chinese.authors] == ["陈晓燕", "王海涛"]
    assert patent.kind == "patent"
    assert patent.patent_number == "CN115678901A"
    assert patent.applicants == ["华东智能制造研究院"]
    assert patent.published == date(2023, 2, 17)


def test_ris_english_with_addresses_and_a_patent() -> None:
    paper, patent = records(read_sample("wos_en.ris"))
    assert [a.name for a in paper.authors] == ["Keller, Anna", "Zhang, Mingyuan"]
    assert paper.authors[1].affiliation.startswith("East China Institute")
    assert paper.published == date(2022, 6, 14)
    assert paper.venue == "Journal of Manufacturing Processes"
    assert paper.keywords == ["directed energy deposition", "melt pool monitoring"]
    assert patent.kind == "patent"
    assert patent.patent_number == "US11456789B2"
    assert patent.applicants == ["Northbridge Instruments Ltd."]


def test_ris_cnki_in_gbk() -> None:
    items = read_sample("cnki_gbk.ris")
    assert errors(items) == []
    first, second = records(items)
    assert first.title == "激光选区熔化TC4钛合金的孔隙缺陷与疲劳性能"
    assert [a.name for a in first.authors] == ["张明远", "李静怡", "王海涛"]
    assert first.authors[1].affiliation == "上海交通大学材料科学与工程学院"
    assert first.doi == "10.3788/cjl202148.1002101"
    assert first.language == "zh"
    assert [a.name for a in second.authors] == ["陈晓燕", "赵立新"]  # one AU line, ";"
    assert second.keywords == ["Transformer", "医学影像", "病灶分割"]
    assert second.language == "zh"


def test_endnote_refer_dialect_in_gbk() -> None:
    paper, patent = records(read_sample("cnki_endnote_gbk.txt"))
    assert paper.source_format == "endnote"
    assert paper.title == "基于深度学习的焊缝X射线图像缺陷识别"
    assert [a.name for a in paper.authors] == ["王海涛", "张明远"]
    assert paper.venue == "焊接学报"
    assert paper.keywords == ["焊缝缺陷", "深度学习", "X射线检测"]
    assert paper.abstract.endswith("识别准确率达到96.3%。")
    assert patent.kind == "patent"
    assert [a.name for a in patent.authors] == ["李静怡", "张明远"]
    assert patent.patent_number == "CN114567890A"
    assert patent.applicants == ["华东智能制造研究院"]
    assert patent.published == date(2022, 6, 10)


def test_endnote_noteexpress_dialect() -> None:
    chinese, english = records(read_sample("cnki_noteexpress.txt"))
    assert chinese.title == "钙钛矿太阳能电池界面钝化研究进展"
    assert [a.name for a in chinese.authors] == ["赵立新", "陈晓燕"]
    # the abstract goes on over the next line, without a space between Chinese lines
    assert "钝化策略，讨论了" in chinese.abstract
    assert chinese.year == 2023
    assert [a.name for a in english.authors] == ["Keller, Anna", "Li, Jingyi"]
    assert english.doi == "10.1016/j.actamat.2024.119876"
    assert english.language == "en"


def test_openalex_work_with_inverted_abstract_and_authorships() -> None:
    (work,) = records(read_sample("openalex_work.json"))
    assert work.source_id == "W4281234567"
    assert work.doi == "10.1038/s41524-022-00812-3"
    assert work.abstract == (
        "Lithium diffusion in garnet electrolytes is simulated with accurate diffusion barriers."
    )
    first, last = work.authors
    assert (first.name, first.orcid, first.openalex_id) == (
        "Jingyi Li",
        "0000-0002-1182-4051",
        "A5023888391",
    )
    assert first.affiliation.startswith("School of Materials Science")
    assert (last.name, last.orcid, last.affiliation) == (
        "A. Keller",
        "",
        "Fraunhofer Institute for Laser Technology",
    )
    assert work.venue == "npj Computational Materials"
    assert work.published == date(2022, 7, 8)
    assert work.keywords == ["Solid electrolyte", "Interatomic potential"]


def test_openalex_list_response_and_snapshot_lines() -> None:
    listed = records(read_sample("openalex_list.json"))
    assert [r.source_id for r in listed] == ["W4390011111", "W4390022222"]
    assert listed[1].language == "zh" and listed[1].doi == ""
    snapshot = records(read_sample("openalex_snapshot.jsonl"))
    assert [r.position for r in snapshot] == [1, 2]
    assert snapshot[1].authors[0].orcid == "0000-0001-9876-5439"


def test_orcid_works_summary_first_of_each_group_owned_by_the_record() -> None:
    paper, patent = records(read_sample("orcid_works.json"))
    assert paper.source_id == "112233445"  # not the group's second source
    assert paper.doi == "10.1016/j.addma.2021.102281"
    assert paper.venue == "Additive Manufacturing"
    assert [a.orcid for a in paper.authors] == ["0000-0003-1234-5674"]
    assert patent.kind == "patent"
    assert patent.patent_number == "CN115678901A"
    assert patent.published == date(2023, 2, 17)


def test_orcid_full_record_json_names_the_owner() -> None:
    (work,) = records(read_sample("orcid_record.json"))
    (owner,) = work.authors
    assert (owner.name, owner.orcid, owner.email, owner.affiliation) == (
        "Jingyi Li",
        "0000-0002-1182-4051",
        "li.jingyi@example.edu.cn",
        "Shanghai Jiao Tong University",
    )


def test_orcid_full_record_xml() -> None:
    paper, patent = records(read_sample("orcid_record.xml"))
    assert paper.title == "Edge-cloud collaborative fault diagnosis of rotating machinery"
    assert paper.doi == "10.1109/tii.2021.3067654"
    assert paper.year == 2021
    (owner,) = paper.authors
    assert (owner.name, owner.orcid, owner.email, owner.affiliation) == (
        "David Morrison",
        "0000-0001-9876-5439",
        "d.morrison@example.com",
        "Northbridge Instruments Ltd.",
    )
    assert patent.patent_number == "US11456789B2"
    assert patent.kind == "patent"


def test_crossref_work_message() -> None:
    (work,) = records(read_sample("crossref_work.json"))
    assert work.doi == "10.1016/j.jmatprotec.2020.116789"
    assert [a.name for a in work.authors] == ["Haitao Wang", "Mingyuan Zhang"]
    assert work.authors[1].orcid == "0000-0003-1234-5674"
    assert work.authors[0].affiliation.startswith("East China Institute")
    assert work.abstract.startswith("A zinc interlayer suppresses")  # JATS and its heading gone
    assert work.published == date(2020, 12, 1)
    assert work.venue == "Journal of Materials Processing Technology"


def test_crossref_list_message() -> None:
    english, chinese = records(read_sample("crossref_list.json"))
    assert english.year == 2021 and english.published is None
    assert [a.name for a in chinese.authors] == ["李静怡"]  # family then given, no space
    assert chinese.language == "zh"


def test_st36_patent_documents() -> None:
    chinese, pct = records(read_sample("st36_patents.xml"))
    assert chinese.patent_number == "CN115678901A"
    assert chinese.title == "一种基于深度学习的焊缝缺陷检测方法"  # the document's language
    assert chinese.abstract.startswith("本发明公开了")
    assert [a.name for a in chinese.authors] == ["王海涛", "张明远"]
    assert chinese.applicants == ["华东智能制造研究院"]
    assert chinese.ipc == ["G06T 7/00", "G06N 3/08"]
    assert chinese.published == date(2023, 2, 17)
    assert chinese.patent_family == "84512345"
    assert pct.patent_number == "WO2023123456A1"
    assert [a.name for a in pct.authors] == ["LI, Jingyi", "KELLER, Anna"]
    assert pct.ipc == ["C22C 30/00", "B23K 26/34"]
    assert pct.patent_family == "84599999"
    assert pct.language == "en"


def test_patent_table_chinese_headers_in_gb18030() -> None:
    first, second = records(read_sample("patents_cnipa_gbk.csv"))
    assert first.patent_number == "CN115678901A"
    assert first.title == "一种基于深度学习的焊缝缺陷检测方法"
    assert [a.name for a in first.authors] == ["王海涛", "张明远"]
    assert first.ipc == ["G06T 7/00", "G06N 3/08"]
    assert first.patent_family == "84512345"
    assert first.published == date(2023, 2, 17)
    assert second.applicants == ["华东智能制造研究院", "上海交通大学"]
    assert [a.name for a in second.authors] == ["李静怡", "张明远"]


def test_patent_table_english_headers() -> None:
    first, second = records(read_sample("patents_en.csv"))
    assert [a.name for a in first.authors] == ["MORRISON, David", "WANG, Haitao"]
    assert first.ipc == ["G01B 11/06", "H01M 4/04"]
    assert first.year == 2022
    assert second.patent_family == "84599999"


def test_patent_table_excel() -> None:
    first, second = records(read_sample("patents_incopat.xlsx"))
    assert first.patent_number == "CN116012345A"
    assert first.published == date(2023, 4, 21)
    assert [a.name for a in first.authors] == ["陈晓燕", "赵立新"]
    assert first.ipc == ["A61L 27/52"]
    assert second.language == "en" and second.applicants == ["华东新能源材料研究所"]


def test_detect_a_gzip_snapshot_from_its_first_bytes() -> None:
    data = gzip.compress((SAMPLES / "openalex_snapshot.jsonl").read_bytes() * 50)
    assert detect_format("part_000.gz", data[:200]) == "openalex"


def test_orcid_bulk_works_with_contributors() -> None:
    work = {
        "put-code": 7,
        "title": {"title": {"value": "Edge-cloud fault diagnosis"}},
        "type": "journal-article",
        "publication-date": {"year": {"value": "2021"}},
        "short-description": "A diagnosis model split between edge and cloud.",
        "contributors": {
            "contributor": [
                {
                    "credit-name": {"value": "David Morrison"},
                    "contributor-orcid": {"path": "0000-0001-9876-5439"},
                },
                {"credit-name": {"value": "陈晓燕"}},
            ]
        },
    }
    data = json.dumps({"bulk": [{"work": work}]}, ensure_ascii=False).encode()
    (record,) = list(read(io.BytesIO(data), "orcid"))
    assert isinstance(record, ParsedRecord)
    assert [(a.name, a.orcid) for a in record.authors] == [
        ("David Morrison", "0000-0001-9876-5439"),
        ("陈晓燕", ""),
    ]
    assert record.abstract == "A diagnosis model split between edge and cloud."
