"""The demo network shows publication imports in use: reports, links, review, merging, errors."""

import datetime as dt

import pytest

from techbridge.demo.base import LAST_DAY
from techbridge.people.models import ProfileDocument
from techbridge.publications.choices import ImportStatus, LinkStatus
from techbridge.publications.models import AuthorLink, ImportRun
from techbridge.publications.names import title_key


@pytest.mark.django_db
def test_demo_holds_finished_imports_with_links_review_merging_and_errors() -> None:
    # Given the demo network, when its import runs are read
    runs = ImportRun.objects.filter(status=ImportStatus.DONE, created_by__username="hq")
    # then headquarters has finished imports of both files, dated in the demo's late 2021
    assert {run.source_format for run in runs} == {"ris", "patent_table"}
    for run in runs:
        assert run.finished_at is not None
        assert dt.date(2021, 10, 1) <= run.finished_at.date() <= LAST_DAY
    # with authors linked at once, name variants waiting for review, a merged work
    auto = AuthorLink.objects.filter(run__in=runs, status=LinkStatus.AUTO)
    pending = AuthorLink.objects.filter(run__in=runs, status=LinkStatus.PENDING)
    assert auto.count() > 3 * pending.count()
    assert 4 <= pending.count() <= 8
    # each on its expert's profile: put there by the link, or entered by hand before (and then
    # not doubled)
    for link in auto.filter(document__isnull=True).select_related("work"):
        assert link.expert_id is not None
        own = ProfileDocument.objects.filter(expert_id=link.expert_id, work_key="")
        assert any(title_key(d.title) == link.work.title_key for d in own), link
    assert auto.filter(document__isnull=False).count() > 0.9 * auto.count()
    assert sum(run.merged_count for run in runs) >= 1
    # and an error row in the paper export's report
    errors = [error for run in runs for error in run.errors]
    assert [error["code"] for error in errors] == ["ris_no_end"]
    assert sum(run.rejected_count for run in runs) == 1


@pytest.mark.django_db
def test_the_demo_s_journal_papers_carry_their_publishers_dois() -> None:
    # Given the English journal papers the demo imported
    from techbridge.demo.vocabulary import JOURNAL_DOIS
    from techbridge.publications.models import Work

    prefixes = {template.split("/")[0] for template in JOURNAL_DOIS.values()}
    papers = Work.objects.filter(venue__in=list(JOURNAL_DOIS)).exclude(doi="")
    assert papers.exists()
    for work in papers:
        # Then each DOI is written as its journal's publisher writes them
        template = JOURNAL_DOIS[work.venue]
        assert work.doi.split("/")[0] in prefixes
        assert work.doi.lower().startswith(template.split("{")[0].lower()), (work.venue, work.doi)


@pytest.mark.django_db
def test_the_demo_s_papers_appear_in_journals_of_their_field() -> None:
    # Given the papers written for the demo's experts from its vocabulary (not imported, and not
    # the hand-written ones)
    from techbridge.demo.vocabulary import FIELD_JOURNALS, JOURNALS_EN, JOURNALS_ZH
    from techbridge.people.models import ProfileDocument

    drawn = {*JOURNALS_ZH, *JOURNALS_EN} | {
        journal for zh, en in FIELD_JOURNALS.values() for journal in (*zh, *en)
    }
    papers = ProfileDocument.objects.filter(kind="paper", work_key="", venue__in=drawn)
    papers = papers.prefetch_related("expert__technology_fields")
    assert papers.count() > 100
    for paper in papers:
        # Then each is in a journal of one of its expert's fields: no alloys in Optics Express
        journals = {
            journal
            for field in paper.expert.technology_fields.all()
            for journal in (*FIELD_JOURNALS[field.code][0], *FIELD_JOURNALS[field.code][1])
        }
        assert paper.venue in journals, (paper.title, paper.venue)
