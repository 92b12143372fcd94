"""TechBridge matching engine: ranks experts, institutes, achievements and partners for a
technology need, and says why. Pure Python + numpy; no Django here.

Public entry point: :class:`~techbridge.engine.matcher.Matcher` (see its module docstring).
The names below load the matcher (numpy, the analysers, the encoder's runtime) when first
used, so that a process which needs only the engine's text tools (a command, the glossary)
starts without them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from techbridge.engine.matcher import (
        Document,
        DocumentHit,
        Evidence,
        Match,
        Matcher,
        MatcherConfig,
    )

__all__ = ["Document", "DocumentHit", "Evidence", "Match", "Matcher", "MatcherConfig"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("techbridge.engine.matcher"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
