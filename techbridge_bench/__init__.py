"""Benchmarks of the matching engine (``techbridge bench ...``); see :mod:`.cli`."""

from techbridge_bench.cli import main

__all__ = ["main"]
