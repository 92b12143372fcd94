"""What the readers do with files they cannot fully read: an error in the record's place,
with a stable code, and the records after it where the format allows."""

from __future__ import annotations

import gzip
import io
import json
import random

from techbridge.publications.formats import ParsedRecord, RecordError, read

from .reading import SAMPLES, errors, read_bytes, read_sample, records


class _Unseekable(io.RawIOBase):
    """A stream that cannot tell its size (an upload read as it arrives)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_broken_bibtex_entry_does_not_stop_the_file() -> None:
    items = read_sample("broken_entry.bib")
    assert [type(i).__name__ for i in items] == [
        "ParsedRecord",
        "RecordError",
        "ParsedRecord",
        "RecordError",
    ]
    broken = items[1]
    assert isinstance(broken, RecordError)
    assert (broken.position, broken.code, broken.record_id) == (2, "bibtex_syntax", "broken2")
    assert "line 8" in broken.detail
    assert [r.source_id for r in records(items)] == ["good1", "good3"]
    no_year = items[3]
    assert isinstance(no_year, RecordError)
    assert (no_year.code, no_year.record_id, no_year.detail) == ("bad_year", "noyear4", "in press")


def test_ris_without_the_final_end_tag_reports_the_last_record() -> None:
    items = read_sample("no_end.ris")
    assert len(records(items)) == 1
    (missing,) = errors(items)
    assert (missing.position, missing.code) == (2, "ris_no_end")
    assert "Tissue-engineered cartilage" in missing.detail


def test_ris_record_cut_by_the_next_one_and_lines_outside_records() -> None:
    data = (
        b"AU  - Stray, Line\n"
        b"TY  - JOUR\nTI  - First, never ended\n"
        b"TY  - JOUR\nTI  - Second\nPY  - 2020\nER  - \n"
    )
    items = read_bytes(data, "ris")
    assert [(i.position, getattr(i, "code", "record")) for i in items] == [
        (1, "ris_syntax"),
        (2, "ris_no_end"),
        (3, "record"),
    ]


def test_invalid_xml_reports_the_records_before_and_the_position() -> None:
    items = read_sample("broken_st36.xml")
    (first,) = records(items)
    assert first.patent_number == "US11456789B2"
    (invalid,) = errors(items)
    assert (invalid.position, invalid.code) == (2, "xml_invalid")
    assert "line 13" in invalid.detail


def test_a_bad_json_line_is_one_error_and_the_next_lines_are_read() -> None:
    lines = (SAMPLES / "openalex_snapshot.jsonl").read_bytes().splitlines()
    data = b"\n".join([lines[0], b'{"id": "https://openalex.org/W1", "title": ', lines[1]])
    items = read_bytes(data, "openalex")
    assert [(i.position, getattr(i, "code", "record")) for i in items] == [
        (1, "record"),
        (2, "json_invalid"),
        (3, "record"),
    ]


def test_an_invalid_json_document_is_one_error() -> None:
    (error,) = read_bytes(b'{\n  "message": {"items": [\n', "crossref")
    assert isinstance(error, RecordError)
    assert error.code == "json_invalid"


def test_gzip_snapshot_is_read_like_the_plain_file() -> None:
    data = gzip.compress((SAMPLES / "openalex_snapshot.jsonl").read_bytes())
    items = read_bytes(data, "openalex")
    assert [r.source_id for r in records(items)] == ["W3001000001", "W3001000002"]


def test_bytes_that_are_no_text_are_an_encoding_error() -> None:
    (error,) = read_bytes(b"TY  - JOUR\n\x00\x01\x02\xff\xfe" * 50, "ris")
    assert isinstance(error, RecordError)
    assert (error.position, error.code) == (0, "encoding")


def test_bytes_that_stop_being_the_files_encoding_end_the_file_with_an_error() -> None:
    good = (SAMPLES / "wos_en.ris").read_bytes()
    # UTF-8 at the start; a lone continuation byte far past the part that decided the encoding
    data = good + b"\n" + b"N1  - " + b"x" * 70_000 + b"\nTY  - JOUR\nTI  - caf\x80\nER  - \n"
    items = read_bytes(data, "ris")
    assert len(records(items)) == 2
    (error,) = errors(items)
    assert (error.position, error.code) == (3, "encoding")


def test_a_too_large_seekable_file_is_refused_before_reading() -> None:
    items = read_sample("library.bib", max_bytes=500)
    assert [(i.position, getattr(i, "code", "")) for i in items] == [(0, "too_large")]


def test_a_too_large_stream_stops_where_the_limit_is_reached() -> None:
    data = (SAMPLES / "openalex_snapshot.jsonl").read_bytes() * 3000  # about 3 MB
    stream = io.BufferedReader(_Unseekable(data))
    items = list(read(stream, "openalex", max_bytes=1_000_000))
    assert isinstance(items[-1], RecordError) and items[-1].code == "too_large"
    assert all(isinstance(i, ParsedRecord) for i in items[:-1])
    assert 0 < len(items) - 1 < 6000


def test_a_too_large_gzip_content_is_stopped() -> None:
    data = gzip.compress(b'{"title": "x", "publication_year": 2020}\n' * 100_000)
    assert len(data) < 100_000
    items = read_bytes(data, "openalex", max_bytes=100_000)
    assert items[-1].code == "too_large"  # type: ignore[union-attr]
    assert len(items) < 100_000


def test_a_table_without_a_title_column_is_refused() -> None:
    (error,) = read_bytes("公开号,申请人\nCN1,某公司\n".encode(), "patent_table")
    assert isinstance(error, RecordError)
    assert (error.position, error.code) == (0, "table_header")


def test_records_without_title_are_errors_in_place() -> None:
    data = "%0 Journal Article\n%A 张明远\n%D 2021\n\n%0 Journal Article\n%T 有标题\n%D 2021\n"
    items = read_bytes(data.encode(), "endnote")
    assert isinstance(items[0], RecordError)
    assert (items[0].position, items[0].code) == (1, "no_title")
    assert isinstance(items[1], ParsedRecord) and items[1].position == 2


def test_an_endnote_record_without_its_type_line() -> None:
    data = "%T A title without %0\n%D 2021\n\n%0 Journal Article\n%T Fine\n%D 2022\n"
    items = read_bytes(data.encode(), "endnote")
    assert [(i.position, getattr(i, "code", "record")) for i in items] == [
        (1, "endnote_syntax"),
        (2, "record"),
    ]


def test_an_unknown_format_name() -> None:
    (error,) = read_bytes(b"", "marc21")
    assert isinstance(error, RecordError)
    assert error.code == "unknown_format"


def test_a_cut_gzip_file_ends_with_an_error_after_its_records() -> None:
    rng = random.Random(1)
    lines = [
        json.dumps({"title": f"Alloy {rng.getrandbits(128):x}", "publication_year": 2020})
        for _ in range(5000)
    ]
    data = gzip.compress("\n".join(lines).encode())
    items = read_bytes(data[: len(data) // 2], "openalex")
    assert isinstance(items[-1], RecordError)
    assert items[-1].code == "read_failed"
    assert len(records(items)) > 10


def test_a_csv_field_past_the_csv_modules_limit() -> None:
    data = ("标题,摘要\n专利一," + "长" * 200_000 + "\n").encode()
    (error,) = read_bytes(data, "patent_table")
    assert isinstance(error, RecordError)
    assert (error.position, error.code) == (1, "read_failed")


def test_a_file_named_xlsx_that_is_no_workbook() -> None:
    data = b"PK\x03\x04" + b"\x00" * 100
    (error,) = read_bytes(data, "patent_table", filename="patents.xlsx")
    assert isinstance(error, RecordError)
    assert error.code == "read_failed"


def test_xml_entities_are_neither_expanded_nor_fetched() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY l0 "lol">{laughs}]>'
        "<patent-documents><patent-document><invention-title>&l9;</invention-title>"
        "</patent-document></patent-documents>"
    ).encode()
    (refused,) = read_bytes(bomb, "st36")
    assert isinstance(refused, RecordError) and refused.code == "xml_invalid"
    external = (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY ext SYSTEM "file:///etc/hostname">]>'
        b"<patent-documents><patent-document><invention-title>Cooling plate &ext;"
        b"</invention-title><publication-reference><document-id><date>20200101</date>"
        b"</document-id></publication-reference></patent-document></patent-documents>"
    )
    (record,) = read_bytes(external, "st36")
    assert isinstance(record, ParsedRecord)
    assert record.title == "Cooling plate &ext;"
