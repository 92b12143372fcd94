"""Whole files through the readers: every sample format imports, a broken file in either mode,
the same work from BibTeX and OpenAlex, and the online sources' saved answers through the same
path as an upload (no network: the JSON files are the services' own answers, saved)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from techbridge.people.models import ProfileDocument
from techbridge.publications import errors, online, services
from techbridge.publications.choices import ImportMode, ImportStatus
from techbridge.publications.models import DocumentSource, ImportRun, Work

pytestmark = [pytest.mark.django_db, pytest.mark.unit]

SAMPLES = Path(__file__).resolve().parents[1] / "formats" / "tests" / "samples"


def import_sample(name: str, fmt: str = "", mode: str = ImportMode.PARTIAL) -> Any:
    run = services.create_run(
        user=None,
        file_name=name,
        content=(SAMPLES / name).read_bytes(),
        source_format=fmt,
        mode=mode,
        start=False,
    )
    return services.import_file(run)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("library.bib", "bibtex"),
        ("wos_en.ris", "ris"),
        ("cnki_gbk.ris", "ris"),
        ("cnki_endnote_gbk.txt", "endnote"),
        ("cnki_noteexpress.txt", "endnote"),
        ("openalex_list.json", "openalex"),
        ("openalex_snapshot.jsonl", "openalex"),
        ("orcid_works.json", "orcid"),
        ("orcid_record.xml", "orcid"),
        ("crossref_list.json", "crossref"),
        ("st36_patents.xml", "st36"),
        ("patents_cnipa_gbk.csv", "patent_table"),
        ("patents_incopat.xlsx", "patent_table"),
    ],
)
def test_every_format_imports_with_its_format_detected(name: str, fmt: str) -> None:
    run = import_sample(name)
    assert run.source_format == fmt
    assert run.status == ImportStatus.DONE, run.errors
    assert run.read_count > 0
    assert run.created_count + run.merged_count == run.read_count
    assert DocumentSource.objects.filter(run=run).count() == run.read_count
    # Importing the file again changes nothing
    again = import_sample(name)
    assert (again.unchanged_count, again.created_count, again.merged_count) == (
        again.read_count,
        0,
        0,
    )


def test_a_broken_file_partly_or_not_at_all() -> None:
    works = Work.objects.count()
    strict = import_sample("broken_entry.bib", mode=ImportMode.ALL_OR_NOTHING)
    assert strict.status == ImportStatus.FAILED
    assert Work.objects.count() == works
    codes = [e["code"] for e in strict.errors]
    assert "bibtex_syntax" in codes
    partial = import_sample("broken_entry.bib")
    assert partial.status == ImportStatus.DONE
    assert partial.created_count >= 2  # good1 and good3
    assert partial.rejected_count == len(partial.errors) >= 1
    first = partial.errors[0]
    with translation.override("en"):
        line = errors.message(first, partial.file_name)
    assert line.startswith(f"File broken_entry.bib, record {first['position']}")


def test_online_answers_import_through_the_upload_path(settings: Any) -> None:
    # Given the services' answers saved as files (what online.fetch_* return)
    settings.ONLINE_SOURCES = True
    openalex = json.loads((SAMPLES / "openalex_list.json").read_text(encoding="utf-8"))
    orcid = json.loads((SAMPLES / "orcid_works.json").read_text(encoding="utf-8"))
    # When they are imported as the refresh job imports them
    first = online.import_payload(openalex, "openalex", "openalex-A5000000001.json")
    second = online.import_payload(orcid, "orcid", "orcid-0000-0003-1234-5674.json")
    # Then they are runs like any upload, with their sources
    assert (first.status, second.status) == ("done", "done")
    assert first.read_count == len(openalex["results"])
    assert DocumentSource.objects.filter(run=second, source_format="orcid").exists()
    assert services.undo_run(second)["sources"] == second.read_count


def test_expert_with_orcid_gets_the_openalex_work(experts: Any) -> None:
    # Given an expert whose ORCID iD the OpenAlex sample names
    expert = experts["qiu"]
    expert.orcid = "0000-0003-1234-5674"
    expert.save()
    run = import_sample("openalex_list.json")
    assert run.linked_count >= 1
    document = ProfileDocument.objects.get(expert=expert)
    assert document.doi == "10.1016/j.compositesb.2023.110987"


def test_command_line_imports_a_file_now_or_queues_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("publications", "import", str(SAMPLES / "library.bib"), "--run-now", stdout=out)
    run = ImportRun.objects.latest("pk")
    assert run.status == ImportStatus.DONE and run.source_format == "bibtex"
    assert f"Import {run.pk} done: library.bib (bibtex, partial)" in out.getvalue()
    assert f"  created: {run.created_count}" in out.getvalue()
    # Queued, the job runs after the commit (here, in this process)
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "publications",
            "import",
            str(SAMPLES / "no_end.ris"),
            "--all-or-nothing",
            "--format",
            "ris",
            stdout=out,
        )
    queued = ImportRun.objects.latest("pk")
    assert f"Import {queued.pk} queued: no_end.ris" in out.getvalue()
    queued.refresh_from_db()
    assert queued.mode == ImportMode.ALL_OR_NOTHING
    assert queued.status == ImportStatus.FAILED
    assert "ris_no_end" in [e["code"] for e in queued.errors]


def test_a_file_over_the_limit_is_stored_in_chunks_and_refused_whole(
    settings: Any, tmp_path: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    # Given a limit of 1 MB and a BibTeX file of 3 MB (the limit is read in MB)
    settings.PUBLICATIONS_IMPORT_MAX_MB = 1
    big = tmp_path / "big.bib"
    entry = (SAMPLES / "library.bib").read_bytes()
    with big.open("wb") as out_file:
        while out_file.tell() < 3 * 1024 * 1024:
            out_file.write(entry)
    before = ProfileDocument.objects.count()
    call_command("publications", "import", str(big), "--run-now", stdout=StringIO())
    run = ImportRun.objects.latest("pk")
    # The file is kept whole, and the import reports it as too large and writes nothing
    assert run.file.size == big.stat().st_size
    assert [e["code"] for e in run.errors] == ["too_large"]
    assert run.created_count == 0 and ProfileDocument.objects.count() == before


def test_refresh_fetches_politely_and_imports(
    experts: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh job against a local server that answers as OpenAlex and ORCID do."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    seen: list[tuple[str, str]] = []
    answers = {
        "/works": (SAMPLES / "openalex_list.json").read_bytes(),
        "/v3.0/0000-0003-1234-5674/works": (SAMPLES / "orcid_works.json").read_bytes(),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("User-Agent", "")))
            body = answers.get(self.path.split("?")[0])
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setattr(online, "OPENALEX_WORKS", base + "/works")
    monkeypatch.setattr(online, "ORCID_WORKS", base + "/v3.0/{orcid}/works")
    settings.ONLINE_SOURCES = True
    settings.ONLINE_SOURCES_CONTACT = "data@example.org"
    expert = experts["qiu"]
    expert.openalex_id = "A5000000001"
    expert.orcid = "0000-0003-1234-5674"  # the iD of the saved answers' author
    expert.save()
    try:
        run_ids = online.refresh_expert(expert.pk, None)
    finally:
        server.shutdown()
    assert len(run_ids) == 2
    assert [path.split("?")[0] for path, _ in seen] == [
        "/works",
        "/v3.0/0000-0003-1234-5674/works",
    ]
    assert "filter=author.id%3AA5000000001" in seen[0][0]
    assert "mailto=data%40example.org" in seen[0][0]
    assert all(agent == "TechBridge/1.0 (mailto:data@example.org)" for _, agent in seen)
    runs = ImportRun.objects.filter(pk__in=run_ids).order_by("pk")
    assert [(r.source_format, r.status) for r in runs] == [("openalex", "done"), ("orcid", "done")]
    # The expert's works, found by the iD, are on the expert's profile, each once
    assert all(r.linked_count >= 1 for r in runs)
    dois = list(ProfileDocument.objects.filter(expert=expert).values_list("doi", flat=True))
    assert "10.1016/j.compositesb.2023.110987" in dois
    assert len(dois) == len(set(dois))


def test_refresh_does_nothing_while_online_sources_are_off(experts: Any) -> None:
    assert online.refresh_expert(experts["qiu"].pk, None) == []
