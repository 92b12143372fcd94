"""Which uploaded files the platform accepts: the type is read from the content, not the name.

An attachment is accepted when its bytes are one of :data:`ACCEPTED` (documents, sheets,
slides, images, plain text) and its name's extension agrees with them; it is stored with the
content type found here, and served with that type (never one guessed from the name).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Detected type -> (content type, extensions a file of that type may carry).
ACCEPTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", ("pdf",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
    ),
    "doc": ("application/msword", ("doc",)),
    "xls": ("application/vnd.ms-excel", ("xls",)),
    "ppt": ("application/vnd.ms-powerpoint", ("ppt",)),
    "odt": ("application/vnd.oasis.opendocument.text", ("odt",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
    "png": ("image/png", ("png",)),
    "jpg": ("image/jpeg", ("jpg", "jpeg")),
    "gif": ("image/gif", ("gif",)),
    "webp": ("image/webp", ("webp",)),
}
#: Plain text has no signature: accepted by extension when its bytes decode as text.
TEXT_EXTENSIONS = {"txt": "text/plain", "csv": "text/csv", "md": "text/markdown"}
TEXT_ENCODINGS = ("utf-8", "gb18030")
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Accepted:
    content_type: str
    extension: str


def check_upload(upload: Any, *, max_bytes: int) -> Accepted:
    """The accepted type of ``upload``, or a translated :class:`ValidationError`."""
    name = str(upload.name or "")
    extension = PurePath(name).suffix.lower().lstrip(".")
    if upload.size > max_bytes:
        raise ValidationError(
            _("文件 %(name)s 超过 %(limit)d MB。"),
            params={"name": name, "limit": max_bytes // (1024 * 1024)},
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.extension in ACCEPTED:
        content_type, extensions = ACCEPTED[kind.extension]
        if extension not in extensions:
            raise ValidationError(
                _("文件 %(name)s 的内容（%(kind)s）与扩展名不符。"),
                params={"name": name, "kind": kind.extension.upper()},
            )
        return Accepted(content_type, extension)
    if kind is None and extension in TEXT_EXTENSIONS and _is_text(head):
        return Accepted(TEXT_EXTENSIONS[extension] + "; charset=utf-8", extension)
    raise ValidationError(
        _("不支持文件 %(name)s 的类型。可上传 PDF、Word、Excel、PowerPoint、图片或纯文本文件。"),
        params={"name": name},
    )


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in TEXT_ENCODINGS:
        # Incremental: a multi-byte character cut at the end of the sniffed bytes is fine.
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(head, final=len(head) < SNIFF_BYTES)
        except UnicodeDecodeError:
            continue
        return True
    return False
