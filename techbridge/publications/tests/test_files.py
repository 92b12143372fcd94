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

pytestmark = pytest.mark.django_db

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
