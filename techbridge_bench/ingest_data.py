"""Synthetic publication and patent files for the import benchmark (``techbridge bench
ingest``), with the truth to score an import against.

:func:`write_ingest_corpus` draws a set of experts (Chinese names in characters and pinyin,
Western names, ORCID iDs and e-mail addresses for some, an institute each) and writes
``records`` works spread over every format the readers know (``publications.formats``):
BibTeX, RIS, EndNote refer (GB18030, as CNKI writes it), NoteExpress, OpenAlex JSON Lines
(gzip), ORCID ``/works`` JSON Lines, Crossref JSON Lines, ST.36 XML and patent tables (CSV
with Chinese headers, Excel with English ones). Authors name the experts in the variants
bibliographies use ("张明远", "Zhang Mingyuan", "Mingyuan Zhang", "Zhang, M.", "M. Zhang"),
with or without ORCID iD and affiliation, beside authors who are nobody known. Duplicates are
planted: the same paper in two formats with one DOI, the same paper without DOI (same title up
to case and punctuation, year and first author) in two formats, and one patent family under
two publication numbers.

Records are written as they are drawn (files of at most ``per_file`` records), so a million
records take memory only for the truth. :class:`IngestTruth` is saved beside the files as
``truth.json``: the experts, each file's format, the true expert ids of every record's authors
(``None`` for an unknown author) and the duplicate groups.
"""

from __future__ import annotations

import json
import random
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from techbridge_bench.ingest_formats import SINK_CLASSES
from techbridge_bench.ingest_works import SyntheticExpert, Work, WorkDrawer, draw_experts

__all__ = ["IngestTruth", "SyntheticExpert", "write_ingest_corpus"]

TRUTH_FILE = "truth.json"
#: How the corpus is drawn; a kept corpus drawn another way is written again.
CORPUS_VERSION = 3

#: sink -> (share of the records, format name, file extension, share of Chinese works)
SINKS: dict[str, tuple[float, str, str, float]] = {
    "bibtex": (0.13, "bibtex", ".bib", 0.25),
    "ris": (0.13, "ris", ".ris", 0.5),
    "refer": (0.07, "endnote", ".enw", 0.8),
    "noteexpress": (0.05, "endnote", ".txt", 0.8),
    "openalex": (0.14, "openalex", ".jsonl.gz", 0.2),
    "orcid": (0.06, "orcid", ".jsonl", 0.2),
    "crossref": (0.12, "crossref", ".jsonl", 0.15),
    "st36": (0.12, "st36", ".xml", 0.5),
    "patent_csv": (0.14, "patent_table", ".csv", 0.7),
    "patent_xlsx": (0.04, "patent_table", ".xlsx", 0.3),
}
PATENT_SINKS = ("st36", "patent_csv", "patent_xlsx")
#: the paper sinks a duplicate with a DOI, and one without, may go to
DOI_SINKS = ("bibtex", "ris", "refer", "noteexpress", "openalex", "crossref")
NO_DOI_SINKS = ("bibtex", "ris", "refer", "noteexpress", "openalex")
DUPLICATE_SHARE = 0.06


@dataclass
class IngestTruth:
    """What the import of the corpus should find."""

    seed: int
    records: int
    experts: list[SyntheticExpert]
    files: dict[str, str] = field(default_factory=dict)  # file name -> format
    #: file name -> per position (1-based, at index position - 1) the expert id of each author
    authors: dict[str, list[list[int | None]]] = field(default_factory=dict)
    #: {"kind": "doi" | "title" | "family", "members": [[file name, position], ...]}
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    #: :data:`CORPUS_VERSION` of the generator that wrote it (1: before the version was kept)
    version: int = 1

    def save(self, directory: Path) -> Path:
        path = directory / TRUTH_FILE
        data = {
            "seed": self.seed,
            "records": self.records,
            "experts": [asdict(e) for e in self.experts],
            "files": self.files,
            "authors": self.authors,
            "duplicates": self.duplicates,
            "version": self.version,
        }
        with path.open("w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        return path

    @classmethod
    def load(cls, directory: Path) -> IngestTruth:
        data = json.loads((directory / TRUTH_FILE).read_text(encoding="utf-8"))
        data["experts"] = [SyntheticExpert(**e) for e in data["experts"]]
        return cls(**data)


# -- the corpus --------------------------------------------------------------------------------


def _retitled(work: Work) -> Work:
    """The same work written by another source: its title in other case and punctuation."""
    copy = Work(**{**work.__dict__})
    if work.chinese:
        copy.title_zh = work.title_zh + "。"
    else:
        copy.title_en = work.title_en.upper() if work.serial % 2 else work.title_en + "."
    return copy


def write_ingest_corpus(
    directory: Path, records: int, experts: int, seed: int, *, per_file: int = 50_000
) -> IngestTruth:
    """Write ``records`` records for ``experts`` synthetic experts into ``directory`` and
    ``truth.json`` beside them (see the module's docstring)."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    people = draw_experts(experts, rng)
    with_orcid = [e for e in people if e.orcid] or people[:1]
    drawer = WorkDrawer(people, rng)
    truth = IngestTruth(seed=seed, records=records, experts=people, version=CORPUS_VERSION)
    sinks = {
        name: SINK_CLASSES[name](directory, name, fmt, extension, per_file)
        for name, (_share, fmt, extension, _zh) in SINKS.items()
    }
    names = list(SINKS)
    weights = [SINKS[n][0] for n in names]
    recent: dict[str, deque[Work]] = {k: deque(maxlen=500) for k in ("doi", "title", "family")}
    owner: SyntheticExpert | None = None

    def put(sink_name: str, work: Work) -> tuple[str, int]:
        sink = sinks[sink_name]
        file_name, position = sink.place()
        sink.write(work)
        if file_name not in truth.files:
            truth.files[file_name] = sink.fmt
            truth.authors[file_name] = []
        truth.authors[file_name].append([a.expert for a in work.authors])
        return file_name, position

    try:
        for _ in range(records):
            if rng.random() < DUPLICATE_SHARE:
                kind = rng.choice(("doi", "title", "family"))
                if recent[kind]:
                    first = recent[kind].popleft()
                    if kind == "family":
                        target = rng.choice(
                            [s for s in PATENT_SINKS if not first.placed[0].startswith(s)]
                        )
                        copy = Work(**{**first.__dict__})
                        copy.patent_number = first.patent_number[:-1] + "B"
                        copy.year = min(first.year + 1, 2025)
                    else:
                        pool = DOI_SINKS if kind == "doi" else NO_DOI_SINKS
                        target = rng.choice([s for s in pool if not first.placed[0].startswith(s)])
                        copy = first if kind == "doi" else _retitled(first)
                    second = put(target, copy)
                    truth.duplicates.append(
                        {"kind": kind, "members": [list(first.placed), list(second)]}
                    )
                    continue
            sink_name = rng.choices(names, weights)[0]
            chinese = rng.random() < SINKS[sink_name][3]
            if sink_name in PATENT_SINKS:
                work = drawer.draw("patent", chinese)
            elif sink_name == "orcid":
                if owner is None or rng.random() < 0.3:
                    owner = rng.choice(with_orcid)
                work = drawer.draw("paper", chinese, owner=owner)
                work.orcid_shown = [True]
            else:
                work = drawer.draw("paper", chinese)
                if sink_name == "crossref" and not work.doi:
                    work.doi = f"10.{5000 + work.serial % 97}/tb.{work.year}.{work.serial:08d}"
            work.placed = put(sink_name, work)
            if work.kind == "patent":
                recent["family"].append(work)
            elif sink_name != "orcid":
                recent["doi" if work.doi else "title"].append(work)
    finally:
        for sink in sinks.values():
            sink.close()
    truth.save(directory)
    return truth
