"""TechBridge matching engine: ranks experts, institutes, achievements and partners for a
technology need, and says why. Pure Python + numpy; no Django here.

Public entry point: :class:`~techbridge.engine.matcher.Matcher` (see its module docstring).
"""

from techbridge.engine.matcher import (
    Document,
    DocumentHit,
    Evidence,
    Match,
    Matcher,
    MatcherConfig,
)

__all__ = ["Document", "DocumentHit", "Evidence", "Match", "Matcher", "MatcherConfig"]
