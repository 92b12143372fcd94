"""Loading the engine's numba kernel (``_bm25_kernel``)."""

from __future__ import annotations

import importlib
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["compiled"]


def compiled(module: str, name: str) -> Any:
    """Function ``name`` of kernel module ``module``, imported on first use so that numba loads
    only where a kernel is needed. Where numba finds no writable folder for its compiled-code
    cache (a read-only install and home), it caches in the temp dir instead."""
    try:
        return getattr(importlib.import_module(module), name)
    except RuntimeError:
        import numba

        fallback = str(Path(tempfile.gettempdir()) / "techbridge-numba")
        numba.config.CACHE_DIR = fallback  # type: ignore[attr-defined]
        return getattr(importlib.import_module(module), name)
