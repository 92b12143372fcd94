"""Patent lists exported by patent search services as CSV (any delimiter the csv module's
sniffer finds, in any detected encoding) or Excel ``.xlsx`` (the first sheet, read row by row
by openpyxl's read-only mode), with Chinese or English column headers.

Headers are matched case-insensitively, without spaces, brackets or punctuation, against the
variants below ("公开(公告)号", "Publication Number", "publication_no" ...). A sheet without a
title column is ``table_header``. Lists of names split on ``;`` ``；`` ``|`` ``、`` and line
breaks, and on commas as well where the names are Chinese.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .records import ParsedAuthor, ParsedRecord, RecordError
from .text import finish, iter_lines, normalise_patent_number, open_text, parse_date, parse_year

__all__ = ["HEADERS", "read_patent_table"]

#: Field -> the header variants that name it (compared in :func:`_header_key` form).
HEADERS: dict[str, tuple[str, ...]] = {
    "number": (
        "公开号",
        "公开公告号",
        "公告号",
        "公布号",
        "授权公告号",
        "公开公告号码",
        "专利号",
        "publicationnumber",
        "publicationno",
        "pubno",
        "pubnumber",
        "patentnumber",
        "patentno",
        "documentnumber",
    ),
    "application": ("申请号", "专利申请号", "applicationnumber", "applicationno", "appno"),
    "title": (
        "标题",
        "名称",
        "发明名称",
        "专利名称",
        "题名",
        "title",
        "inventiontitle",
        "titleoriginal",
        "englishtitle",
    ),
    "abstract": ("摘要", "摘要文本", "abstract", "abstractoriginal"),
    "applicants": (
        "申请人",
        "申请专利权人",
        "专利权人",
        "申请人专利权人",
        "当前权利人",
        "applicant",
        "applicants",
        "assignee",
        "assignees",
        "applicantname",
        "currentassignee",
    ),
    "inventors": ("发明人", "设计人", "发明设计人", "inventor", "inventors", "inventorname"),
    "ipc": (
        "ipc分类号",
        "ipc",
        "主分类号",
        "ipc主分类号",
        "分类号",
        "ipcclassification",
        "ipccode",
        "ipccodes",
        "ipcmain",
    ),
    "filed": ("申请日", "申请日期", "filingdate", "applicationdate", "fileddate"),
    "published": (
        "公开日",
        "公开公告日",
        "公告日",
        "公布日",
        "公开日期",
        "授权公告日",
        "publicationdate",
        "pubdate",
        "publisheddate",
    ),
    "family": (
        "同族",
        "同族id",
        "家族id",
        "简单同族",
        "简单同族id",
        "familyid",
        "simplefamilyid",
        "inpadocfamilyid",
        "docdbfamilyid",
        "patentfamily",
    ),
    "url": ("链接", "url", "link"),
    "keywords": ("关键词", "keywords"),
}
_VARIANTS = {variant: name for name, variants in HEADERS.items() for variant in variants}
_HEADER_NOISE = re.compile(r"[\s_\-()（）\[\]【】:：./]+")
_LIST_SPLIT = re.compile(r"[;；|、\n]+")
_CJK_LIST_SPLIT = re.compile(r"[;；|、\n,，]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_IPC = re.compile(r"([A-H]\d\d[A-Z])\s*(\d+)\s*/\s*(\d+)")


def _header_key(value: object) -> str:
    return _HEADER_NOISE.sub("", str(value or "")).lower()


def columns(header: Iterable[object]) -> dict[str, int]:
    """Field -> column index for a header row (the first column of a field wins)."""
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        name = _VARIANTS.get(_header_key(value))
        if name and name not in found:
            found[name] = index
    return found


def _names(value: str) -> list[str]:
    """Names split on ``;`` ``；`` ``|`` ``、`` and line breaks, Chinese ones on commas too
    ("王海涛,张明远"; "MORRISON, David" stays one name)."""
    names: list[str] = []
    for part in _LIST_SPLIT.split(value):
        if _CJK.search(part):
            names.extend(n.strip() for n in _CJK_LIST_SPLIT.split(part))
        else:
            names.append(part.strip())
    return [n for n in names if n]


def _ipc(value: str) -> list[str]:
    codes: list[str] = []
    for found in _IPC.finditer(value):
        code = f"{found.group(1)} {found.group(2)}/{found.group(3)}"
        if code not in codes:
            codes.append(code)
    return codes


def _record(row: list[Any], where: dict[str, int], position: int) -> ParsedRecord | RecordError:
    def raw(name: str) -> Any:
        index = where.get(name)
        return row[index] if index is not None and index < len(row) else None

    def get(name: str) -> str:
        value = raw(name)
        return "" if value is None else str(value).strip()

    number = normalise_patent_number(get("number"))
    published, filed = raw("published"), raw("filed")
    year_text = str(published or filed or "").strip()
    record = ParsedRecord(
        kind="patent",
        title=" ".join(get("title").split()),
        source_format="patent_table",
        position=position,
        source_id=number or get("application"),
        abstract=" ".join(get("abstract").split()),
        year=parse_year(published) or parse_year(filed),
        published=parse_date(published) or parse_date(filed),
        authors=[ParsedAuthor(name=n) for n in _names(get("inventors"))],
        venue=number[:2] if number[:2].isalpha() else "",
        keywords=[k for k in _names(get("keywords"))],
        url=get("url"),
        patent_number=number,
        patent_family=get("family"),
        applicants=_names(get("applicants")),
        ipc=_ipc(get("ipc")),
    )
    return finish(record, year_text=year_text)


def _rows(header: list[Any], rows: Iterable[list[Any]]) -> Iterator[ParsedRecord | RecordError]:
    where = columns(header)
    if "title" not in where:
        names = ", ".join(str(h) for h in header if h not in (None, ""))[:300]
        yield RecordError(0, "table_header", "", f"no title column among: {names}")
        return
    position = 0
    for row in rows:
        if not any(cell not in (None, "") for cell in row):
            continue
        position += 1
        yield _record(list(row), where, position)


def read_csv(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The rows of a CSV (or tab-separated) patent list."""
    lines = iter_lines(open_text(stream))
    first = next(lines, "")
    try:
        dialect: Any = csv.Sniffer().sniff(first, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(_with_first(first, lines), dialect)
    header = next(rows, [])
    yield from _rows(header, rows)


def _with_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def read_xlsx(stream: IO[bytes]) -> Iterator[ParsedRecord | RecordError]:
    """The rows of the first sheet of an Excel workbook."""
    # openpyxl (some 17 MB) loads with a first workbook, not with every web process.
    from openpyxl import load_workbook

    if not stream.seekable():  # a zip file is read from its end
        stream = io.BytesIO(stream.read())
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        yield RecordError(0, "read_failed", "", f"not an Excel workbook: {error}")
        return
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = list(next(rows, ()))
        yield from _rows(header, (list(r) for r in rows))
    finally:
        book.close()


def read_patent_table(
    stream: IO[bytes], filename: str = ""
) -> Iterator[ParsedRecord | RecordError]:
    """A CSV or Excel patent list (Excel when the file is a zip, or named ``.xlsx``)."""
    peek = getattr(stream, "peek", None)
    head = peek(4)[:4] if peek is not None else b""
    if head == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        yield from read_xlsx(stream)
    else:
        yield from read_csv(stream)
