"""Attachments held while a need form comes back with errors.

A browser does not send a file twice: when the form is shown again, the files chosen with it
would be lost. They are kept on the server under a random token (the data folder, beside the
uploaded media, which every web worker shares), named in a hidden field of the form, and
attached when the form is sent again; only their uploader can take them.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile


def _folder() -> Path:
    path = Path(settings.MEDIA_ROOT).parent / "held-attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _valid(token: str) -> bool:
    return 10 <= len(token) <= 40 and token.replace("-", "").replace("_", "").isalnum()


def hold(user: Any, uploads: list[Any]) -> list[str]:
    """Keep ``uploads`` for ``user``; returns their tokens."""
    tokens: list[str] = []
    for upload in uploads:
        token = secrets.token_urlsafe(16)
        upload.seek(0)
        (_folder() / token).write_bytes(upload.read())
        meta = {"user": user.pk, "name": Path(str(upload.name)).name}
        (_folder() / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
        tokens.append(token)
    return tokens


def describe(user: Any, tokens: list[str]) -> list[tuple[str, str]]:
    """(token, file name) of the held files of ``user`` among ``tokens``."""
    out: list[tuple[str, str]] = []
    for token in dict.fromkeys(tokens):
        if not _valid(token):
            continue
        try:
            meta = json.loads((_folder() / f"{token}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("user") == user.pk and (_folder() / token).is_file():
            out.append((token, str(meta["name"])))
    return out


def take(user: Any, tokens: list[str]) -> list[SimpleUploadedFile]:
    """The held files of ``user`` among ``tokens``, as uploads (others are ignored)."""
    return [
        SimpleUploadedFile(name, (_folder() / token).read_bytes())
        for token, name in describe(user, tokens)
    ]


def release(user: Any, tokens: list[str]) -> None:
    """Delete the held files of ``user`` among ``tokens`` once they are attached."""
    for token, _name in describe(user, tokens):
        (_folder() / token).unlink(missing_ok=True)
        (_folder() / f"{token}.json").unlink(missing_ok=True)
