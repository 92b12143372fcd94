"""JSON files of the online sources: one document (an API response, pretty-printed or not) or
JSON Lines (a snapshot file, one work a line), told apart by whether the first line is a whole
JSON value. JSON Lines stream line by line and a broken line is a ``json_invalid`` error for
that record only; a single document is read whole (API pages hold at most a few hundred works;
``max_bytes`` bounds it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from .records import ParsedRecord, RecordError
from .text import iter_lines, open_text

__all__ = ["Converter", "read_json_works", "texts"]

#: Turns one work object into a record (or an error) at a position.
Converter = Callable[[dict[str, Any], int], ParsedRecord | RecordError]
#: Turns one JSON document into the work objects it holds.
Unpacker = Callable[[Any], Iterable[dict[str, Any]]]


def _error(position: int, error: json.JSONDecodeError, line: int | None = None) -> RecordError:
    where = f"line {line}" if line is not None else f"line {error.lineno} column {error.colno}"
    return RecordError(position, "json_invalid", "", f"{where}: {error.msg}")


def read_json_works(
    stream: IO[bytes], unpack: Unpacker, convert: Converter
) -> Iterator[ParsedRecord | RecordError]:
    """The works of a JSON or JSON Lines file, each through ``convert``."""
    lines = iter_lines(open_text(stream))
    position = 0
    first = ""
    first_number = 0
    for first_number, line in enumerate(lines, start=1):  # noqa: B007 (used after the loop)
        if line.strip():
            first = line
            break
    if not first:
        return
    try:
        document = json.loads(first)
    except json.JSONDecodeError:
        # a document over several lines: read it whole
        text = first + "\n" + "\n".join(lines)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            yield _error(1, error)
            return
        for work in unpack(document):
            position += 1
            yield convert(work, position)
        return
    documents: Iterator[tuple[int, str]] = enumerate(lines, start=first_number + 1)
    for work in unpack(document):
        position += 1
        yield convert(work, position)
    for number, line in documents:
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except json.JSONDecodeError as error:
            position += 1
            yield _error(position, error, number)
            continue
        for work in unpack(document):
            position += 1
            yield convert(work, position)


def texts(value: Any) -> str:
    """The first text of a value that may be a string, a list of strings or None."""
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    return " ".join(str(value or "").split())
