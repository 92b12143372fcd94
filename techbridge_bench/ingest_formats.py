"""The files of the synthetic import corpus (``ingest_data``), one writer ("sink") per format
as the services that export them write it; each starts a new file every ``per_file`` records."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook

from techbridge_bench.ingest_works import Work

__all__ = ["SINK_CLASSES", "Sink"]


class Sink:
    """The files of one format: a new file every ``per_file`` records."""

    def __init__(self, directory: Path, name: str, fmt: str, extension: str, per_file: int) -> None:
        self.directory, self.name, self.fmt, self.extension = directory, name, fmt, extension
        self.per_file = per_file
        self.file_name = ""
        self.position = 0
        self.files = 0
        self.out: Any = None

    def place(self) -> tuple[str, int]:
        """Make room for one more record: (file name, its position there)."""
        if self.out is None or self.position >= self.per_file:
            self.close()
            self.files += 1
            self.file_name = f"{self.name}_{self.files:03d}{self.extension}"
            self.open(self.directory / self.file_name)
            self.position = 0
        self.position += 1
        return self.file_name, self.position

    def open(self, path: Path) -> None:
        self.out = path.open("w", encoding="utf-8", buffering=1 << 20)

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None

    def write(self, work: Work) -> None:
        raise NotImplementedError


class BibtexSink(Sink):
    def write(self, work: Work) -> None:
        names = work.names()
        lines = [f"@{'patent' if work.kind == 'patent' else 'article'}{{tb{work.serial},"]
        lines.append(f"  title = {{{work.title}}},")
        lines.append(f"  author = {{{' and '.join(names)}}},")
        lines.append(f"  journal = {{{work.venue}}},")
        lines.append(f"  year = {{{work.year}}},")
        if work.doi:
            lines.append(f"  doi = {{{work.doi}}},")
        orcids = [f"{n}/{work.orcid(i)}" for i, n in enumerate(names) if work.orcid(i)]
        if orcids:
            lines.append(f"  orcid-numbers = {{{'; '.join(orcids)}}},")
        lines.append(f"  keywords = {{{'; '.join(work.keywords)}}},")
        lines.append(f"  abstract = {{{work.abstract}}}")
        self.out.write("\n".join(lines) + "\n}\n\n")


class RisSink(Sink):
    def write(self, work: Work) -> None:
        lines = ["TY  - JOUR"]
        lines += [f"AU  - {n}" for n in work.names()]
        affiliations = [work.affiliation(i) for i in range(len(work.authors))]
        if all(affiliations):  # one AD per author, or none: the reader pairs them by order
            lines += [f"AD  - {a}" for a in affiliations]
        lines += [f"TI  - {work.title}", f"T2  - {work.venue}", f"PY  - {work.year}"]
        if work.doi:
            lines.append(f"DO  - {work.doi}")
        lines += [f"KW  - {k}" for k in work.keywords]
        lines += [f"AB  - {work.abstract}", "ER  - ", "", ""]
        self.out.write("\n".join(lines))


class ReferSink(Sink):
    """EndNote refer text in GB18030, as CNKI writes it."""

    def open(self, path: Path) -> None:
        self.out = path.open("w", encoding="gb18030", newline="\r\n", buffering=1 << 20)

    def write(self, work: Work) -> None:
        lines = ["%0 Journal Article"]
        lines += [f"%A {n}" for n in work.names()]
        affiliations = [work.affiliation(i) for i in range(len(work.authors))]
        if all(affiliations):
            lines.append(f"%+ {';'.join(affiliations)}")
        lines += [f"%T {work.title}", f"%J {work.venue}", f"%D {work.year}"]
        lines += [f"%K {';'.join(work.keywords)}", f"%X {work.abstract}"]
        if work.doi:
            lines.append(f"%R {work.doi}")
        lines += ["%W CNKI", "", ""]
        self.out.write("\n".join(lines))


class NoteExpressSink(Sink):
    def write(self, work: Work) -> None:
        lines = ["{Reference Type}: Journal Article", f"{{Title}}: {work.title}"]
        lines.append(f"{{Author}}: {';'.join(work.names())};")
        affiliations = [work.affiliation(i) for i in range(len(work.authors))]
        if all(affiliations):
            lines.append(f"{{Author Address}}: {';'.join(affiliations)};")
        lines += [f"{{Journal}}: {work.venue}", f"{{Year}}: {work.year}"]
        lines += [f"{{Keywords}}: {';'.join(work.keywords)}", f"{{Abstract}}: {work.abstract}"]
        if work.doi:
            lines.append(f"{{DOI}}: {work.doi}")
        lines += ["{Database Provider}: CNKI", "", ""]
        self.out.write("\n".join(lines))


class OpenAlexSink(Sink):
    def open(self, path: Path) -> None:
        # level 1: the snapshot's shape at a fraction of the compression time
        self.out = gzip.open(path, "wt", encoding="utf-8", compresslevel=1)  # noqa: SIM115 (closed by close())

    def write(self, work: Work) -> None:
        authorships = []
        for index, name in enumerate(work.names()):
            author = work.authors[index]
            orcid = work.orcid(index)
            affiliation = work.affiliation(index)
            authorships.append(
                {
                    "author_position": "first" if index == 0 else "middle",
                    "author": {
                        "id": f"https://openalex.org/A{5_000_000_000 + (author.expert or 0)}",
                        "display_name": name,
                        "orcid": f"https://orcid.org/{orcid}" if orcid else None,
                    },
                    "institutions": [],
                    "raw_author_name": name,
                    "raw_affiliation_strings": [affiliation] if affiliation else [],
                }
            )
        words = work.abstract.split() if not work.chinese else [work.abstract]
        record = {
            "id": f"https://openalex.org/W{4_000_000_000 + work.serial}",
            "doi": f"https://doi.org/{work.doi}" if work.doi else None,
            "title": work.title,
            "publication_year": work.year,
            "publication_date": f"{work.year}-{work.month:02d}-{work.day:02d}",
            "type": "article",
            "primary_location": {"source": {"display_name": work.venue}},
            "authorships": authorships,
            "keywords": [{"display_name": k} for k in work.keywords],
            "abstract_inverted_index": _inverted(words),
        }
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _inverted(words: list[str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for place, word in enumerate(words):
        index.setdefault(word, []).append(place)
    return index


class CrossrefSink(Sink):
    def write(self, work: Work) -> None:
        authors = []
        for index, author in enumerate(work.authors):
            entry: dict[str, Any] = {
                "given": author.given,
                "family": author.family,
                "sequence": "first" if index == 0 else "additional",
                "affiliation": [{"name": a} for a in [work.affiliation(index)] if a],
            }
            if work.orcid(index):
                entry["ORCID"] = f"http://orcid.org/{work.orcid(index)}"
            authors.append(entry)
        message = {
            "DOI": work.doi,
            "type": "journal-article",
            "title": [work.title],
            "container-title": [work.venue],
            "author": authors,
            "abstract": f"<jats:p>{escape(work.abstract)}</jats:p>",
            "issued": {"date-parts": [[work.year, work.month, work.day]]},
            "URL": f"http://dx.doi.org/{work.doi}",
        }
        document = {"status": "ok", "message-type": "work", "message": message}
        self.out.write(json.dumps(document, ensure_ascii=False) + "\n")


class OrcidSink(Sink):
    """``/works`` responses, one JSON line for each run of works of one owner."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.owner = ""
        self.person = ("", "", "")
        self.groups: list[dict[str, Any]] = []

    def flush(self) -> None:
        if self.groups and self.out is not None:
            works = {"group": self.groups, "path": f"/{self.owner}/works"}
            document: dict[str, Any] = works
            if self.files % 2 == 0 or len(self.groups) % 2:
                # the full record: the owner's name (and e-mail where public) beside the works
                given, family, email = self.person
                document = {
                    "orcid-identifier": {"path": self.owner, "host": "orcid.org"},
                    "person": {
                        "name": {
                            "given-names": {"value": given},
                            "family-name": {"value": family},
                        },
                        "emails": {"email": [{"email": email}] if email else []},
                    },
                    "activities-summary": {"works": works},
                    "path": f"/{self.owner}",
                }
            self.out.write(json.dumps(document, ensure_ascii=False) + "\n")
        self.groups = []

    def close(self) -> None:
        self.flush()
        super().close()

    def place(self) -> tuple[str, int]:
        if self.position >= self.per_file:
            self.flush()
        return super().place()

    def write(self, work: Work) -> None:
        owner = work.authors[0]
        if owner.orcid != self.owner:
            self.flush()
            self.owner = owner.orcid
            self.person = (owner.given, owner.family, owner.email)
        orcid = owner.orcid
        ids = [{"external-id-type": "doi", "external-id-value": work.doi}] if work.doi else []
        summary = {
            "put-code": 100_000_000 + work.serial,
            "title": {"title": {"value": work.title}},
            "external-ids": {"external-id": ids},
            "type": "journal-article",
            "publication-date": {
                "year": {"value": str(work.year)},
                "month": {"value": f"{work.month:02d}"},
                "day": None,
            },
            "journal-title": {"value": work.venue},
            "path": f"/{orcid}/work/{100_000_000 + work.serial}",
        }
        self.groups.append({"external-ids": {"external-id": ids}, "work-summary": [summary]})


class St36Sink(Sink):
    def open(self, path: Path) -> None:
        super().open(path)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n<patent-documents>\n')

    def close(self) -> None:
        if self.out is not None:
            self.out.write("</patent-documents>\n")
        super().close()

    def write(self, work: Work) -> None:
        number = work.patent_number
        country, doc, kind = number[:2], number[2:-1], number[-1]
        date = f"{work.year}{work.month:02d}{work.day:02d}"
        language = "zh" if work.chinese else "en"
        inventors = "".join(
            f'<inventor sequence="{i + 1}"><addressbook><name>{escape(n)}</name></addressbook>'
            "</inventor>"
            for i, n in enumerate(work.names())
        )
        applicants = "".join(
            f'<applicant sequence="{i + 1}"><addressbook><orgname>{escape(a)}</orgname>'
            "</addressbook></applicant>"
            for i, a in enumerate(work.applicants)
        )
        ipc = "".join(
            f"<classification-ipcr><text>{c}</text></classification-ipcr>" for c in work.ipc
        )
        self.out.write(
            f'<patent-document lang="{language}" family-id="{work.family}">'
            f"<bibliographic-data><publication-reference><document-id><country>{country}</country>"
            f"<doc-number>{doc}</doc-number><kind>{kind}</kind><date>{date}</date></document-id>"
            f"</publication-reference><classifications-ipcr>{ipc}</classifications-ipcr>"
            f'<invention-title lang="{language}">{escape(work.title)}</invention-title>'
            f"<parties><applicants>{applicants}</applicants><inventors>{inventors}</inventors>"
            f'</parties></bibliographic-data><abstract lang="{language}"><p>'
            f"{escape(work.abstract)}</p></abstract></patent-document>\n"
        )


_CSV_HEADER = [
    "公开(公告)号",
    "标题",
    "摘要",
    "申请(专利权)人",
    "发明人",
    "IPC分类号",
    "公开(公告)日",
    "简单同族ID",
]
_XLSX_HEADER = [
    "Publication Number",
    "Title",
    "Abstract",
    "Applicants",
    "Inventors",
    "IPC",
    "Publication Date",
    "Family ID",
]


def _row(work: Work) -> list[str]:
    return [
        work.patent_number,
        work.title,
        work.abstract,
        ";".join(work.applicants),
        ";".join(work.names()),
        ";".join(work.ipc),
        f"{work.year}-{work.month:02d}-{work.day:02d}",
        work.family,
    ]


class CsvSink(Sink):
    def open(self, path: Path) -> None:
        self.out = path.open("w", encoding="utf-8-sig", newline="", buffering=1 << 20)
        self.writer = csv.writer(self.out)
        self.writer.writerow(_CSV_HEADER)

    def write(self, work: Work) -> None:
        self.writer.writerow(_row(work))


class XlsxSink(Sink):
    def open(self, path: Path) -> None:
        self.path = path
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("patents")
        self.sheet.append(_XLSX_HEADER)
        self.out = self.book

    def close(self) -> None:
        if self.out is not None:
            self.book.save(self.path)
            self.out = None

    def write(self, work: Work) -> None:
        self.sheet.append(_row(work))


SINK_CLASSES: dict[str, type[Sink]] = {
    "bibtex": BibtexSink,
    "ris": RisSink,
    "refer": ReferSink,
    "noteexpress": NoteExpressSink,
    "openalex": OpenAlexSink,
    "orcid": OrcidSink,
    "crossref": CrossrefSink,
    "st36": St36Sink,
    "patent_csv": CsvSink,
    "patent_xlsx": XlsxSink,
}
