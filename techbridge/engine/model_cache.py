"""The model cache: files built once from what the installed packages ship (the encoder's ONNX
models and tokenizer vocabulary, the translation table, the segmenter's dictionary) and read by
every later process on the machine.

The folder is ``TECHBRIDGE_MODEL_CACHE`` (default ``~/.cache/techbridge``); where it cannot be
written (a locked-down service account with a read-only home) the temp dir's
``techbridge-models`` serves instead. Builders write under a temporary name and rename, so
processes that build a file at the same time never read half of it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def default_folder() -> Path:
    configured = os.environ.get("TECHBRIDGE_MODEL_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "techbridge"


def fallback_folder() -> Path:
    return Path(tempfile.gettempdir()) / "techbridge-models"


def in_cache(build: Callable[[Path], T], folder: Path | None = None) -> T:
    """``build(folder)`` in ``folder`` (default: the model cache), or in the temp dir where
    that raises ``OSError``."""
    try:
        return build(folder or default_folder())
    except OSError:
        return build(fallback_folder())


def write_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """``write(path)`` to a file in a temporary folder beside ``target``, then rename it to
    ``target`` (with the mode any new file of the process gets)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}-") as tmp:
        built = Path(tmp) / target.name
        write(built)
        os.replace(built, target)
    return target
