"""The import report's messages: each error code of the readers (and of the import itself) in
the reader's language, naming the file, the record and the reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Error code -> the reason, in Chinese (English through the translation catalogue).
REASONS = {
    "bibtex_syntax": gettext_lazy("BibTeX 语法错误"),
    "ris_no_end": gettext_lazy("RIS 记录缺少结束标记 ER"),
    "ris_syntax": gettext_lazy("RIS 格式错误"),
    "endnote_syntax": gettext_lazy("EndNote/NoteExpress 文本格式错误"),
    "json_invalid": gettext_lazy("JSON 格式错误"),
    "xml_invalid": gettext_lazy("XML 格式错误"),
    "table_header": gettext_lazy("表格缺少必需的列"),
    "encoding": gettext_lazy("文件编码无法识别（请使用 UTF-8 或 GB18030）"),
    "no_title": gettext_lazy("记录没有标题"),
    "no_year": gettext_lazy("记录没有年份或日期"),
    "bad_year": gettext_lazy("记录的年份或日期无法识别"),
    "unknown_kind": gettext_lazy("记录既不是论文也不是专利"),
    "too_large": gettext_lazy("文件超过允许的大小"),
    "unknown_format": gettext_lazy("无法识别文件格式，请选择格式后重新导入"),
    "read_failed": gettext_lazy("文件无法读取"),
}


def reason(code: str) -> str:
    found = REASONS.get(code)
    return str(found) if found is not None else _("记录无法读取（%(code)s）") % {"code": code}


def message(error: dict[str, Any], file_name: str) -> str:
    """One line of the report: "文件 a.bib 第 3 条记录（smith2020）：BibTeX 语法错误"."""
    position = int(error.get("position") or 0)
    record_id = str(error.get("record_id") or "")
    params = {
        "file": file_name,
        "position": position,
        "record": record_id,
        "reason": reason(str(error.get("code", ""))),
    }
    if position and record_id:
        return _("文件 %(file)s 第 %(position)d 条记录（%(record)s）：%(reason)s") % params
    if position:
        return _("文件 %(file)s 第 %(position)d 条记录：%(reason)s") % params
    return _("文件 %(file)s：%(reason)s") % params
