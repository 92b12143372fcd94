"""Helpers of the format reader tests: the sample files and reading them."""

from __future__ import annotations

import io
from pathlib import Path

from techbridge.publications.formats import ParsedRecord, RecordError, detect_format, read

SAMPLES = Path(__file__).parent / "samples"


def read_sample(
    name: str, fmt: str | None = None, **options: object
) -> list[ParsedRecord | RecordError]:
    """Every item ``read`` yields for a sample file (its format detected unless given)."""
    path = SAMPLES / name
    data = path.read_bytes()
    fmt = fmt or detect_format(name, data[:65536])
    assert fmt is not None, f"no format detected for {name}"
    with path.open("rb") as stream:
        return list(read(stream, fmt, filename=name, **options))  # type: ignore[arg-type]


def read_bytes(data: bytes, fmt: str, **options: object) -> list[ParsedRecord | RecordError]:
    return list(read(io.BytesIO(data), fmt, **options))  # type: ignore[arg-type]


def records(items: list[ParsedRecord | RecordError]) -> list[ParsedRecord]:
    return [i for i in items if isinstance(i, ParsedRecord)]


def errors(items: list[ParsedRecord | RecordError]) -> list[RecordError]:
    return [i for i in items if isinstance(i, RecordError)]
