"""The import service on hand-made records: linking, merging, idempotence, modes, undo,
review decisions and the command line."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from techbridge.matching.models import IndexChange
from techbridge.people.models import ProfileDocument
from techbridge.publications import errors, services
from techbridge.publications.choices import ImportMode, ImportStatus, LinkStatus
from techbridge.publications.formats.records import ParsedAuthor, ParsedRecord, RecordError
from techbridge.publications.models import AuthorLink, DocumentSource, Work

from .conftest import record

pytestmark = [pytest.mark.django_db, pytest.mark.unit]

QIU = ParsedAuthor("Qiu, L.", orcid="0000-0002-1825-0097")


def test_orcid_and_email_links_put_the_work_on_the_profiles(experts: Any, new_run: Any) -> None:
    # Given a paper by two known experts, found by ORCID iD and by e-mail
    paper = record(
        1,
        "Graphene membranes for desalination",
        [QIU, ParsedAuthor("Ouyang, S.", email="SQ.Ouyang@example.org")],
        doi="10.1000/gm.2021",
    )
    # When it is imported
    run = services.import_records(new_run(), [paper])
    # Then each expert has a document of the one work, sharing its key, with the DOI
    assert (run.status, run.read_count, run.created_count, run.linked_count) == ("done", 1, 1, 2)
    work = Work.objects.get(doi="10.1000/gm.2021")
    documents = ProfileDocument.objects.filter(work_key=work.key)
    assert {d.expert_id for d in documents} == {experts["qiu"].pk, experts["ouyang"].pk}
    assert {d.doi for d in documents} == {"10.1000/gm.2021"}
    links = {link.expert_id: link for link in AuthorLink.objects.filter(work=work)}
    assert links[experts["qiu"].pk].confidence == 1.0
    assert links[experts["qiu"].pk].status == LinkStatus.AUTO
    # And the matching index learns of the bulk-created documents through the change feed
    keys = set(IndexChange.objects.values_list("key", flat=True))
    assert {f"doc:{d.pk}" for d in documents} <= keys


def test_middle_band_waits_for_review_and_nothing_below(experts: Any, new_run: Any) -> None:
    paper = record(
        1, "Alloy fatigue", [ParsedAuthor("Shuqing Ouyang"), ParsedAuthor("Li, X.")], year=2019
    )
    run = services.import_records(new_run(), [paper])
    assert (run.linked_count, run.review_count) == (0, 1)
    link = AuthorLink.objects.get(work__title="Alloy fatigue")
    assert (link.expert_id, link.status, link.name) == (
        experts["ouyang"].pk,
        LinkStatus.PENDING,
        "Shuqing Ouyang",
    )
    assert not ProfileDocument.objects.filter(work_key=link.work.key).exists()


def test_same_doi_from_two_formats_is_one_work_with_two_sources(experts: Any, new_run: Any) -> None:
    bib = record(1, "Graphene Membranes", [QIU], doi="10.1000/gm", source_id="qiu2021")
    ris = record(1, "Graphene membranes.", [QIU], doi="10.1000/GM", fmt="ris", abstract="Water.")
    services.import_records(new_run("a.bib"), [bib])
    run = services.import_records(new_run("b.ris"), [ris])
    assert (run.created_count, run.merged_count) == (0, 1)
    work = Work.objects.get(doi="10.1000/gm")
    assert sorted(work.sources.values_list("source_format", flat=True)) == ["bibtex", "ris"]
    assert work.abstract == "Water."  # the second source filled what the first lacked
    assert ProfileDocument.objects.filter(work_key=work.key).count() == 1


def test_title_year_and_first_author_merge_records_without_identifiers(
    experts: Any, new_run: Any
) -> None:
    records = [
        record(1, "Fatigue of Nickel Alloys", [ParsedAuthor("Zhang, Wei"), QIU]),
        record(2, "fatigue of nickel alloys.", [ParsedAuthor("W. Zhang"), QIU]),
        record(3, "Fatigue of nickel alloys", [ParsedAuthor("W. Zhang")], year=2015),
        record(4, "Fatigue of nickel alloys", [ParsedAuthor("Xu, Bo")]),
    ]
    run = services.import_records(new_run(), records)
    # Same title, year and first author: one work; another year or first author: another work
    assert (run.created_count, run.merged_count) == (3, 1)
    assert Work.objects.filter(title_key="fatigueofnickelalloys").count() == 3


def test_patent_family_merges_the_office_publications(experts: Any, new_run: Any) -> None:
    inventor = ParsedAuthor("裘洛岑", orcid="0000-0002-1825-0097")
    cn = record(
        1,
        "一种石墨烯膜",
        [inventor],
        kind="patent",
        patent_number="CN112345678A",
        patent_family="FAM-77",
        fmt="patent_table",
    )
    us = record(
        2,
        "Graphene membrane",
        [inventor],
        kind="patent",
        patent_number="US11223344B2",
        patent_family="fam-77",
        fmt="patent_table",
    )
    run = services.import_records(new_run("patents.csv"), [cn, us])
    assert (run.created_count, run.merged_count) == (1, 1)
    work = Work.objects.get(patent_family="FAM-77")
    assert work.sources.count() == 2
    document = ProfileDocument.objects.get(work_key=work.key)
    assert (document.kind, document.patent_number) == ("patent", "CN112345678A")


def test_importing_the_same_file_again_changes_nothing(experts: Any, new_run: Any) -> None:
    records = [
        record(1, "Graphene membranes", [QIU], doi="10.1000/gm", source_id="qiu2021"),
        record(2, "Alloy fatigue", [ParsedAuthor("Shuqing Ouyang")]),
    ]
    services.import_records(new_run(), records)
    before = (
        Work.objects.count(),
        DocumentSource.objects.count(),
        AuthorLink.objects.count(),
        ProfileDocument.objects.count(),
    )
    again = services.import_records(new_run(), records)
    after = (
        Work.objects.count(),
        DocumentSource.objects.count(),
        AuthorLink.objects.count(),
        ProfileDocument.objects.count(),
    )
    assert after == before
    assert (again.unchanged_count, again.created_count, again.merged_count) == (2, 0, 0)


def test_all_or_nothing_writes_nothing_when_a_record_fails(experts: Any, new_run: Any) -> None:
    items: list[ParsedRecord | RecordError] = [
        record(1, "Graphene membranes", [QIU], doi="10.1000/gm"),
        RecordError(2, "bibtex_syntax", "broken2020", "unexpected '}'"),
    ]
    works = Work.objects.count()
    run = services.import_records(new_run(mode=ImportMode.ALL_OR_NOTHING), items)
    assert run.status == ImportStatus.FAILED
    assert Work.objects.count() == works
    assert run.errors == [
        {
            "position": 2,
            "record_id": "broken2020",
            "code": "bibtex_syntax",
            "detail": "unexpected '}'",
        }
    ]
    # The same file in partial mode writes the good record and reports the bad one
    partial = services.import_records(new_run(), items)
    assert (partial.status, partial.created_count, partial.rejected_count) == ("done", 1, 1)


def test_records_without_title_or_year_are_refused_with_a_reason(
    experts: Any, new_run: Any
) -> None:
    run = services.import_records(
        new_run("x.ris"), [record(1, " ", [QIU]), record(2, "No year", [QIU], year=None)]
    )
    assert [e["code"] for e in run.errors] == ["no_title", "no_year"]
    with translation.override("zh-hans"):
        assert (
            errors.message(run.errors[1], run.file_name)
            == "文件 x.ris 第 2 条记录：记录没有年份或日期"
        )
    with translation.override("en"):
        message = errors.message(run.errors[1], run.file_name)
    assert message == "File x.ris, record 2: the record has no year or date"


def test_a_rerun_continues_after_the_last_committed_batch(
    experts: Any, new_run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a run whose first batch (records 1-2) had committed before its worker was killed
    monkeypatch.setattr(services, "BATCH", 2)
    records = [record(i, f"Work number {i}", [QIU], doi=f"10.1000/w{i}") for i in range(1, 6)]
    run = new_run(status=ImportStatus.RUNNING)
    services.import_records(run, records[:2])
    run.status, run.position_done = ImportStatus.RUNNING, 2
    run.save()
    # When the job runs again on the whole file
    run = services.import_records(run, records)
    # Then it writes the rest once
    assert run.status == ImportStatus.DONE
    assert run.created_count == 5
    assert Work.objects.filter(doi__startswith="10.1000/w").count() == 5
    assert DocumentSource.objects.filter(run=run).count() == 5


def test_undo_takes_back_only_what_the_run_brought(experts: Any, new_run: Any) -> None:
    first = services.import_records(
        new_run("a.bib"), [record(1, "Graphene membranes", [QIU], doi="10.1000/gm")]
    )
    second = services.import_records(
        new_run("b.ris"),
        [
            record(1, "Graphene membranes", [QIU], doi="10.1000/gm", fmt="ris"),
            record(
                2, "Alloy fatigue", [QIU, ParsedAuthor("Ouyang, S.", email="sq.ouyang@example.org")]
            ),
        ],
    )
    assert (second.merged_count, second.created_count) == (1, 1)
    fatigue = Work.objects.get(title="Alloy fatigue")
    fatigue_documents = list(ProfileDocument.objects.filter(work_key=fatigue.key))
    assert len(fatigue_documents) == 2

    removed = services.undo_run(second)

    assert removed == {"documents": 2, "links": 2, "sources": 2, "works": 1}
    assert not Work.objects.filter(pk=fatigue.pk).exists()
    graphene = Work.objects.get(doi="10.1000/gm")
    assert list(graphene.sources.values_list("run_id", flat=True)) == [first.pk]
    assert ProfileDocument.objects.filter(work_key=graphene.key).count() == 1
    second.refresh_from_db()
    assert second.status == ImportStatus.UNDONE
    # The index forgets the removed documents
    keys = set(IndexChange.objects.values_list("key", flat=True))
    assert {f"doc:{d.pk}" for d in fatigue_documents} <= keys


def test_a_later_import_makes_a_waiting_link_sure_and_its_undo_takes_that_back(
    experts: Any, new_run: Any, user_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Given two papers of "Shuqing Ouyang" (pinyin alone: for review) with two students
    students = [ParsedAuthor("Xiaoyu Li"), ParsedAuthor("Jianguo Wang")]
    ouyang = experts["ouyang"]
    services.import_records(
        new_run("a.bib"),
        [
            record(1, "Alloy fatigue", [ParsedAuthor("Shuqing Ouyang"), *students]),
            record(2, "Weld cracks", [ParsedAuthor("Shuqing Ouyang"), *students]),
        ],
    )
    waiting = AuthorLink.objects.get(work__title="Alloy fatigue", position=1)
    rejected = AuthorLink.objects.get(work__title="Weld cracks", position=1)
    assert (waiting.status, waiting.expert_id) == ("pending", ouyang.pk)
    assert waiting.reasons == ["pinyin"]
    services.reject_link(rejected, user_factory("reviewer"))
    assert services.recheck_queue_job()["promoted"] == 0  # nothing new is known of her yet

    # When a later file has two papers of hers, known by e-mail, with the same students
    later = [
        record(n, title, [ParsedAuthor("欧阳澍青", email="sq.ouyang@example.org"), *students])
        for n, title in ((1, "Creep of TC4"), (2, "Fatigue of welded TC4"))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        second = services.import_records(new_run("b.bib"), later)

    # Then the end of the import re-checked the queue: the waiting link is hers, at once
    waiting.refresh_from_db()
    assert (waiting.status, waiting.promoted_by_id) == ("auto", second.pk)
    assert waiting.reasons == ["pinyin", "coauthor_names"]
    assert waiting.promoted_from["reasons"] == ["pinyin"]
    assert ProfileDocument.objects.filter(expert=ouyang, work_key=waiting.work.key).exists()
    second.refresh_from_db()
    assert (second.promoted_count, second.rechecked) == (1, True)
    # and the reviewer's rejection stands
    rejected.refresh_from_db()
    assert (rejected.status, rejected.document_id) == ("rejected", None)
    assert services.recheck_queue_job() == {"runs": 0, "promoted": 0}

    # When the later import is undone, the link waits for review again, as it was
    services.undo_run(second)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reasons, waiting.confidence) == ("pending", ["pinyin"], 0.5)
    assert (waiting.document_id, waiting.promoted_by_id) == (None, None)
    assert not ProfileDocument.objects.filter(expert=ouyang, work_key=waiting.work.key).exists()


def test_a_patent_keeps_its_applicants_and_the_re_check_reads_them(
    experts: Any, new_run: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a patent of her institute whose inventor "Ouyang, S." gives no affiliation: the
    # initials and the applicant (where inventors usually work) make a link for review
    ouyang = experts["ouyang"]
    institute = ouyang.organisation.name_zh
    patent = record(
        1,
        "一种钛合金焊缝的检测方法",
        [ParsedAuthor("Ouyang, S."), ParsedAuthor("Xiaoyu Li")],
        kind="patent",
        fmt="patent_table",
        patent_number="CN119876543A",
        applicants=[institute, " "],
    )
    services.import_records(new_run("patents.csv"), [patent])
    work = Work.objects.get(patent_number="CN119876543A")
    assert work.applicants == [institute]
    waiting = AuthorLink.objects.get(work=work, position=1)
    assert (waiting.status, waiting.reasons) == ("pending", ["initials", "affiliation"])
    assert services.record_of(work).applicants == [institute]

    # When two papers of hers (by e-mail) with the same student come later
    later = [
        record(n, title, [ParsedAuthor("欧阳澍青", email="sq.ouyang@example.org"), student])
        for n, title, student in (
            (1, "Creep of TC4", ParsedAuthor("Xiaoyu Li")),
            (2, "Fatigue of welded TC4", ParsedAuthor("Li, Xiaoyu")),
        )
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.import_records(new_run("b.bib"), later)

    # Then the re-check reads the stored applicants as the import did: the initials, the
    # applicant and the student make the link sure (without the applicant: 0.6, for review)
    waiting.refresh_from_db()
    assert waiting.status == "auto"
    assert waiting.reasons == ["initials", "affiliation", "coauthor_name"]


def test_undoing_one_of_the_runs_a_re_check_counted_takes_its_promotions_back(
    experts: Any, new_run: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a link waiting for review, and two later files with one paper of hers each (her
    # students are her co-authors from the second paper on), re-checked together
    students = [ParsedAuthor("Xiaoyu Li"), ParsedAuthor("Jianguo Wang")]
    ouyang = [ParsedAuthor("欧阳澍青", email="sq.ouyang@example.org"), *students]
    services.import_records(
        new_run("a.bib"), [record(1, "Alloy fatigue", [ParsedAuthor("Shuqing Ouyang"), *students])]
    )
    first = services.import_records(new_run("b.bib"), [record(1, "Creep of TC4", ouyang)])
    second = services.import_records(new_run("c.bib"), [record(1, "Welded TC4", ouyang)])
    assert services.recheck_queue_job() == {"runs": 3, "promoted": 1}
    waiting = AuthorLink.objects.get(work__title="Alloy fatigue", position=1)
    assert (waiting.status, waiting.promoted_by_id) == ("auto", second.pk)  # the newest run's

    # When the first of the two files is undone (its paper was half of the evidence)
    with django_capture_on_commit_callbacks(execute=True):
        services.undo_run(first)

    # Then the link waits again, and the re-check of the other runs, queued by the undo, does
    # not make it sure on the one paper left
    waiting.refresh_from_db()
    assert (waiting.status, waiting.promoted_by_id) == ("pending", None)
    second.refresh_from_db()
    assert second.rechecked
    # until another paper of hers arrives
    with django_capture_on_commit_callbacks(execute=True):
        third = services.import_records(new_run("d.bib"), [record(1, "TC4 fatigue", ouyang)])
    waiting.refresh_from_db()
    assert (waiting.status, waiting.promoted_by_id) == ("auto", third.pk)


def test_review_accept_reject_assign_and_new_expert(
    experts: Any, new_run: Any, user_factory: Any, institutes: Any
) -> None:
    reviewer = user_factory("reviewer")
    services.import_records(
        new_run(),
        [
            record(1, "Paper one", [ParsedAuthor("Shuqing Ouyang")]),
            record(2, "Paper two", [ParsedAuthor("Ouyang Shuqing")]),
            record(3, "Paper three", [ParsedAuthor("Shuqing Ouyang")]),
            record(4, "Paper four", [ParsedAuthor("Shuqing Ouyang")]),
        ],
    )
    pending = {link.work.title: link for link in AuthorLink.objects.filter(status="pending")}
    one, two, three, four = (pending[f"Paper {n}"] for n in ("one", "two", "three", "four"))
    # Accept: the work goes on the profile
    services.accept_link(one, reviewer)
    one.refresh_from_db()
    assert one.status == LinkStatus.ACCEPTED and one.decided_by == reviewer
    assert one.document is not None and one.document.expert_id == experts["ouyang"].pk
    # Reject: no document, and importing the record again proposes nobody again
    services.reject_link(two, reviewer)
    services.import_records(
        new_run("again.bib"), [record(9, "Paper two", [ParsedAuthor("Shuqing Ouyang")])]
    )
    assert list(AuthorLink.objects.filter(work=two.work).values_list("status", flat=True)) == [
        "rejected"
    ]
    assert not ProfileDocument.objects.filter(work_key=two.work.key).exists()
    # Assign to another expert
    services.assign_link(three, experts["zhuge"], reviewer)
    three.refresh_from_db()
    assert (three.expert_id, three.status) == (experts["zhuge"].pk, LinkStatus.ACCEPTED)
    assert ProfileDocument.objects.get(work_key=three.work.key).expert_id == experts["zhuge"].pk
    # A new expert from the author as written
    expert = services.create_expert_from_link(
        four, reviewer, organisation_id=institutes[1].pk, title="engineer"
    )
    assert (expert.name_en, expert.organisation_id) == ("Shuqing Ouyang", institutes[1].pk)
    assert ProfileDocument.objects.get(work_key=four.work.key).expert_id == expert.pk


def test_command_line_lists_and_undoes_runs(experts: Any, new_run: Any) -> None:
    run = services.import_records(new_run("cli.bib"), [record(1, "Graphene", [QIU], doi="10.9/x")])
    out = StringIO()
    call_command("publications", "runs", stdout=out)
    assert "cli.bib" in out.getvalue()
    call_command("publications", "undo", str(run.pk), stdout=out)
    assert f"Import {run.pk} undone: 1 profile documents" in out.getvalue()
    assert not Work.objects.filter(doi="10.9/x").exists()


def test_an_imported_work_makes_its_expert_a_match(
    experts: Any, new_run: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from techbridge.achievements.models import TechnologicalAchievement
    from techbridge.matching.serving import reset_index
    from techbridge.matching.sources import Sources
    from techbridge.needs.models import TechnologyNeed

    # Given the process's index, built over nothing but one achievement
    index = reset_index()
    index.build(
        Sources(
            ProfileDocument.objects.none(),
            TechnologicalAchievement.objects.filter(
                pk__in=list(
                    TechnologicalAchievement.objects.order_by("pk").values_list("pk", flat=True)[:1]
                )
            ),
            TechnologyNeed.objects.none(),
            None,
        )
    )
    try:
        # When a paper of the expert is imported (bulk-written: no post_save)
        paper = record(
            1,
            "钙钛矿叠层太阳电池的界面钝化",
            [QIU],
            abstract="钙钛矿/晶硅叠层太阳电池界面钝化，提高开路电压与稳定性。",
            doi="10.1000/perovskite",
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.import_records(new_run(), [paper])
        # Then the expert is matched on it
        matches = index.match_resources("钙钛矿 叠层 太阳电池 钝化", ["expert"], 5)
        assert matches and matches[0].entity_id == str(experts["qiu"].pk)
    finally:
        reset_index()


def test_a_hand_entered_document_of_the_work_is_not_doubled(experts: Any, new_run: Any) -> None:
    # Given the expert's own record of the paper, entered by hand with its DOI
    ProfileDocument.objects.create(
        expert=experts["qiu"],
        kind="paper",
        title="Graphene membranes",
        language="en",
        year=2021,
        doi="10.1000/gm",
    )
    # When an imported record of the same paper links to the expert
    run = services.import_records(
        new_run(), [record(1, "Graphene Membranes", [QIU], doi="10.1000/gm")]
    )
    # Then the link is made, and the profile still has one document of it
    assert run.linked_count == 1
    assert ProfileDocument.objects.filter(expert=experts["qiu"], doi="10.1000/gm").count() == 1


def test_a_hand_entered_document_without_a_doi_is_known_by_its_title(
    experts: Any, new_run: Any
) -> None:
    # Given the expert's own record of a paper, entered by hand with no DOI
    ProfileDocument.objects.create(
        expert=experts["qiu"], kind="paper", title="Graphene membranes", language="en", year=2021
    )
    # When an imported record of a paper of that title (written otherwise) links to the expert
    run = services.import_records(
        new_run(), [record(1, "Graphene Membranes.", [QIU], doi="10.1000/gm")]
    )
    # Then the link is made, and the profile still has one document of that title
    assert run.linked_count == 1
    assert ProfileDocument.objects.filter(expert=experts["qiu"]).count() == 1


def test_an_institute_import_links_only_its_own_experts(
    experts: Any, new_run: Any, institutes: Any
) -> None:
    # Given a paper by an expert of the first institute and one of the second
    paper = record(
        1, "Joint work", [QIU, ParsedAuthor("诸葛鹭汀", affiliation="x")], doi="10.1000/joint"
    )
    experts["zhuge"].email = "zhuge@example.org"
    experts["zhuge"].save()
    paper.authors[1].email = "zhuge@example.org"
    # When the second institute imports it
    services.import_records(new_run(organisation_id=institutes[1].pk), [paper])
    # Then only its own expert is linked
    linked = set(
        AuthorLink.objects.filter(work__doi="10.1000/joint").values_list("expert_id", flat=True)
    )
    assert linked == {experts["zhuge"].pk}


def test_a_work_found_by_its_number_is_found_by_the_family_it_gains(
    experts: Any, new_run: Any
) -> None:
    inventor = ParsedAuthor("裘洛岑", orcid="0000-0002-1825-0097")
    records = [
        record(1, "膜", [inventor], kind="patent", patent_number="CN9A"),
        record(2, "膜", [inventor], kind="patent", patent_number="CN9A", patent_family="F9"),
        record(3, "Membrane", [inventor], kind="patent", patent_number="US9B2", patent_family="F9"),
    ]
    run = services.import_records(new_run(), records)
    assert (run.created_count, run.merged_count) == (1, 2)
    assert Work.objects.get(patent_number="CN9A").sources.count() == 3


def test_a_paper_and_a_patent_of_one_title_are_two_works(experts: Any, new_run: Any) -> None:
    run = services.import_records(
        new_run(), [record(1, "Graphene", [QIU]), record(2, "Graphene", [QIU], kind="patent")]
    )
    assert run.created_count == 2


def test_a_batch_that_fails_leaves_nothing_of_itself_and_the_rerun_continues(
    experts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError

    from techbridge.publications.models import ImportRun

    # Given a stored work that holds the key the fourth record's work would get (so its
    # batch, records 3-4, fails on writing, as a worker killed mid-batch leaves it; the
    # batch's transaction is a savepoint inside the test's, rolled back the same way)
    monkeypatch.setattr(services, "BATCH", 2)
    blocker = Work.objects.create(
        key="doi:10.1000/w4", kind="paper", title="Blocker", language="en", title_key="blocker"
    )
    records = [record(i, f"Work number {i}", [QIU], doi=f"10.1000/w{i}") for i in range(1, 6)]
    run = ImportRun.objects.create(file_name="killed.bib")
    with pytest.raises(IntegrityError):
        services.import_records(run, records)
    # Then the first batch is stored whole and nothing of the failed one
    run.refresh_from_db()
    assert (run.status, run.position_done, run.created_count) == ("running", 2, 2)
    stored = set(Work.objects.filter(doi__startswith="10.1000/w").values_list("doi", flat=True))
    assert stored == {"10.1000/w1", "10.1000/w2"}
    assert DocumentSource.objects.filter(run=run).count() == 2
    # When the cause is gone and the job runs again, it continues after the committed batch
    blocker.delete()
    run = services.import_records(run, records)
    assert (run.status, run.created_count, run.unchanged_count) == ("done", 5, 0)
    assert DocumentSource.objects.filter(run=run).count() == 5
