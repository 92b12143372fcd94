"""XML read a chunk at a time with lxml's pull parser: no network, no entity expansion, no
DTD, no huge-tree mode. The elements parsed before a syntax error are still handed out, then
the error is raised."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO

from lxml import etree

__all__ = ["CHUNK", "xml_events"]

CHUNK = 64 * 1024


def xml_events(
    stream: IO[bytes], events: Sequence[str], tags: Sequence[str] | None = None
) -> Iterator[tuple[str, etree._Element]]:
    """(event, element) pairs of the XML in ``stream``; ``XMLSyntaxError`` after the pairs
    that came before the error."""
    parser = etree.XMLPullParser(
        events=tuple(events),
        tag=list(tags) if tags else None,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
    )
    while True:
        chunk = stream.read(CHUNK)
        try:
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
        except etree.XMLSyntaxError:
            yield from parser.read_events()
            raise
        yield from parser.read_events()
        if not chunk:
            return
