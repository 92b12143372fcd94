"""The import pages through the test client: who gets in, upload -> run -> report, undo, the
review queue's decisions, and the expert's works by source."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from techbridge.core.choices import Role
from techbridge.organisations.models import Enterprise
from techbridge.people.models import Expert, ProfileDocument
from techbridge.people.tests.factories import ExpertFactory
from techbridge.publications import services
from techbridge.publications.choices import ImportStatus, LinkStatus
from techbridge.publications.formats.records import ParsedAuthor
from techbridge.publications.models import AuthorLink, ImportRun, Work

from .conftest import record

pytestmark = pytest.mark.django_db

BIBTEX = b"""@article{qiu2021,
  title = {Graphene membranes for desalination},
  author = {Qiu, Luocen and Ouyang, Shuqing},
  journal = {Journal of Membranes},
  year = {2021},
  doi = {10.1000/gm.2021}
}
"""


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hq(user_factory: Any, institutes: Any) -> Client:
    return client_for(user_factory("pub-hq", institutes[0], Role.HQ_STAFF))


@pytest.fixture
def institute_staff(user_factory: Any, institutes: Any) -> Client:
    return client_for(user_factory("pub-inst", institutes[1], Role.INSTITUTE_STAFF))


PAGES = ("publications:runs", "publications:review")


def test_only_headquarters_and_institute_staff_get_in(
    user_factory: Any, institutes: Any, hq: Client, institute_staff: Client, new_run: Any
) -> None:
    run = new_run()
    urls = [reverse(name) for name in PAGES] + [reverse("publications:run", args=[run.pk])]
    enterprise = client_for(
        user_factory("pub-ent", Enterprise.objects.order_by("pk").first(), Role.ENTERPRISE_USER)
    )
    jic = client_for(user_factory("pub-jic", institutes[0], Role.JIC_MANAGER))
    for url in urls:
        assert Client().get(url).status_code == 302, url  # to the sign-in page
        assert enterprise.get(url).status_code == 403, url
        assert jic.get(url).status_code == 403, url
        assert hq.get(url).status_code == 200, url
    # Institute staff see their own institute's imports, not headquarters' network-wide one
    assert institute_staff.get(urls[0]).status_code == 200
    assert institute_staff.get(urls[2]).status_code == 404
    # The menu offers the pages to those who may open them
    home = reverse("home")
    assert f'href="{urls[0]}"' in institute_staff.get(home).content.decode()
    assert f'href="{urls[0]}"' in hq.get(home).content.decode()
    assert f'href="{urls[0]}"' not in jic.get(home).content.decode()


def test_upload_runs_the_import_and_shows_the_report(
    hq: Client, experts: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload = SimpleUploadedFile("works.bib", BIBTEX, content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        response = hq.post(
            reverse("publications:runs"), {"file": upload, "source_format": "", "mode": "partial"}
        )
    run = ImportRun.objects.get(file_name="works.bib")
    assert response.status_code == 302
    assert response["Location"] == reverse("publications:run", args=[run.pk])
    page = hq.get(response["Location"]).content.decode()
    # One work, linked to both authors' experts
    assert run.status == ImportStatus.DONE
    assert (run.read_count, run.created_count) == (1, 1)
    assert Work.objects.filter(doi="10.1000/gm.2021").exists()
    assert 'data-testid="count-created">1<' in page
    assert run.file.read() == BIBTEX  # the uploaded file is kept with its run


def test_report_lists_errors_and_undo_removes_the_run(hq: Client, experts: Any) -> None:
    run = services.import_records(
        ImportRun.objects.create(file_name="mixed.bib"),
        [
            record(1, "Graphene", [ParsedAuthor("Q", orcid="0000-0002-1825-0097")], doi="10.9/g"),
            record(2, "", []),
        ],
    )
    url = reverse("publications:run", args=[run.pk])
    page = hq.get(url).content.decode()
    assert "文件 mixed.bib 第 2 条记录：记录没有标题" in page
    english = hq.get("/en" + url).content.decode()
    assert "File mixed.bib, record 2: the record has no title" in english
    response = hq.post(reverse("publications:run-undo", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE
    assert not Work.objects.filter(doi="10.9/g").exists()


def _pending(experts: Any) -> list[AuthorLink]:
    """Four links waiting for review, the only ones in the queue (the demo's are cleared)."""
    AuthorLink.objects.filter(status=LinkStatus.PENDING).delete()
    services.import_records(
        ImportRun.objects.create(file_name="review.bib"),
        [record(n, f"Paper {n}", [ParsedAuthor("Shuqing Ouyang")]) for n in range(1, 5)],
    )
    links = list(AuthorLink.objects.filter(status=LinkStatus.PENDING).order_by("work__title"))
    assert len(links) == 4
    return links


def test_review_queue_accept_reject_assign_create(
    hq: Client, experts: Any, institutes: Any
) -> None:
    one, two, three, four = _pending(experts)
    page = hq.get(reverse("publications:review")).content.decode()
    assert page.count('data-testid="pending-link"') == 4
    assert "Shuqing Ouyang" in page and "拼音或英文姓名" in page
    decide = lambda link, **data: hq.post(  # noqa: E731
        reverse("publications:decide", args=[link.pk]), data
    )
    assert decide(one, action="accept").status_code == 302
    assert decide(two, action="reject").status_code == 302
    assert decide(three, action="assign", expert=experts["zhuge"].pk).status_code == 302
    response = hq.post(
        reverse("publications:new-expert", args=[four.pk]),
        {"organisation": institutes[0].pk, "title": "engineer"},
    )
    assert response.status_code == 302
    statuses = dict(
        AuthorLink.objects.filter(pk__in=[one.pk, two.pk, three.pk, four.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {
        one.pk: "accepted",
        two.pk: "rejected",
        three.pk: "accepted",
        four.pk: "accepted",
    }
    owners = dict(
        ProfileDocument.objects.filter(
            work_key__in=[link.work.key for link in (one, two, three, four)]
        ).values_list("title", "expert__name_en")
    )
    assert owners == {
        "Paper 1": "Shuqing Ouyang",
        "Paper 3": "Luting Zhuge",
        "Paper 4": "Shuqing Ouyang",  # the new expert, named as the author wrote it
    }
    assert 'data-testid="review-empty"' in hq.get(reverse("publications:review")).content.decode()


def test_institute_staff_review_only_their_experts(institute_staff: Client, experts: Any) -> None:
    # Given a link to an expert of the first institute; the staff work at the second
    link = _pending(experts)[0]
    assert (
        'data-testid="pending-link"'
        not in institute_staff.get(reverse("publications:review")).content.decode()
    )
    response = institute_staff.post(
        reverse("publications:decide", args=[link.pk]), {"action": "accept"}
    )
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.status == LinkStatus.PENDING
    # and may not assign an expert of another institute either
    staff_expert = experts["zhuge"]
    response = institute_staff.get(reverse("publications:expert-search") + "?q=欧阳")
    assert "欧阳澍青" not in response.content.decode()
    assert staff_expert.organisation_id != experts["ouyang"].organisation_id


def test_expert_works_by_source_with_links_and_no_online_refresh_by_default(
    hq: Client, experts: Any, settings: Any
) -> None:
    services.import_records(
        ImportRun.objects.create(file_name="a.bib"),
        [
            record(1, "Graphene", [ParsedAuthor("Q", orcid="0000-0002-1825-0097")], doi="10.9/g"),
            record(
                2,
                "一种膜",
                [ParsedAuthor("裘洛岑", orcid="0000-0002-1825-0097")],
                kind="patent",
                patent_number="CN1A",
                fmt="patent_table",
            ),
        ],
    )
    url = reverse("publications:expert", args=[experts["qiu"].pk])
    page = hq.get(url).content.decode()
    assert 'href="https://doi.org/10.9/g"' in page
    assert "CN1A" in page
    assert page.count('data-testid="source-group"') == 2
    assert 'data-testid="refresh"' not in page
    profile = hq.get(reverse("people:expert", args=[experts["qiu"].pk])).content.decode()
    assert 'href="https://doi.org/10.9/g"' in profile
    assert f'href="{url}" data-testid="works-by-source"' in profile
    assert (
        hq.post(reverse("publications:expert-refresh", args=[experts["qiu"].pk])).status_code == 404
    )
    settings.ONLINE_SOURCES = True
    assert 'data-testid="refresh"' in hq.get(url).content.decode()


def test_review_queue_reads_in_a_fixed_number_of_queries_in_english(
    hq: Client, experts: Any, institutes: Any, django_assert_max_num_queries: Any
) -> None:
    # Given pending links, two of them with another candidate each (a namesake)
    _pending(experts)
    Expert.objects.create(
        name_zh="诸葛鹭汀", name_en="Luting Zhuge", organisation=institutes[0], title="engineer"
    )
    place = institutes[1].name_zh
    services.import_records(
        ImportRun.objects.create(file_name="more.bib"),
        [
            record(n, f"Study {n}", [ParsedAuthor("Zhuge, L.", affiliation=place)])
            for n in range(1, 3)
        ],
    )
    with django_assert_max_num_queries(20):
        page = hq.get("/en" + reverse("publications:review")).content.decode()
    assert page.count('data-testid="pending-link"') == 6
    assert page.count('data-testid="other-candidate"') == 2
    assert "Author link review" in page and "name in pinyin or English" in page


def test_staff_of_two_institutes_choose_whose_experts_an_import_links(
    user_factory: Any, institutes: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from techbridge.accounts.models import Membership

    user = user_factory("pub-two", institutes[0], Role.INSTITUTE_STAFF)
    Membership.objects.create(user=user, organisation=institutes[1], role=Role.INSTITUTE_STAFF)
    client = client_for(user)
    assert 'name="institute"' in client.get(reverse("publications:runs")).content.decode()
    upload = SimpleUploadedFile("two.bib", BIBTEX, content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("publications:runs"),
            {"file": upload, "source_format": "", "mode": "partial", "institute": institutes[1].pk},
        )
    assert ImportRun.objects.get(file_name="two.bib").organisation_id == institutes[1].pk


def test_review_queue_pages_through_every_pending_link(
    hq: Client, experts: Any, institutes: Any, monkeypatch: Any
) -> None:
    from techbridge.publications import views

    # Given six pending links (as above) and pages of four
    _pending(experts)
    place = institutes[1].name_zh
    services.import_records(
        ImportRun.objects.create(file_name="more.bib"),
        [
            record(n, f"Study {n}", [ParsedAuthor("Zhuge, L.", affiliation=place)])
            for n in range(1, 3)
        ],
    )
    monkeypatch.setattr(views, "REVIEW_PAGE", 4)
    url = reverse("publications:review")
    first = hq.get(url).content.decode()
    second = hq.get(url + "?page=2").content.decode()
    # Then the first page holds four, the second the other two, each saying so
    assert first.count('data-testid="pending-link"') == 4 and "第 1 / 2 页" in first
    assert second.count('data-testid="pending-link"') == 2 and "第 2 / 2 页" in second
    assert 'href="?page=2"' in first and 'href="?page=1"' in second
    ids = {int(x) for x in re.findall(r'data-link="(\d+)"', first + second)}
    assert len(ids) == 6


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_evidence_the_linking_gives_has_a_label(language: str) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from techbridge.publications.linking import WEIGHTS

    reasons = {*WEIGHTS, "coauthor_names", "reviewer"}
    with translation.override(language):
        labels = {r: render_to_string("publications/_reason.html", {"reason": r}) for r in reasons}
    # none falls through to the code, and each says what it is
    chinese = {r: bool(re.search(r"[\u4e00-\u9fff]", label)) for r, label in labels.items()}
    if language == "en":
        assert not any(chinese.values()), labels
    else:
        assert all(chinese[r] for r in reasons - {"orcid"}), labels
    assert len({label.strip() for label in labels.values()}) == len(reasons)


def test_the_review_queue_names_the_subjects_a_link_rests_on(hq: Client, experts: Any) -> None:
    # Given two of 欧阳澍青's papers (linked by e-mail) on graphene membranes for desalination
    AuthorLink.objects.filter(status=LinkStatus.PENDING).delete()
    sure = ParsedAuthor("Shuqing Ouyang", email="sq.ouyang@example.org")
    keywords = ["Graphene membranes", "Desalination", "Reverse osmosis"]
    services.import_records(
        ImportRun.objects.create(file_name="papers.bib"),
        [
            record(1, "Graphene membranes for desalination", [sure], keywords=keywords[:2]),
            record(2, "Desalination by graphene membranes", [sure], keywords=keywords),
        ],
    )
    # When a later file names "Shuqing Ouyang" alone on those subjects, a name another expert
    # (elsewhere, on other subjects) bears as well
    ExpertFactory.create(
        name_zh="", name_en="Shuqing Ouyang", organisation=experts["zhuge"].organisation
    )
    services.import_records(
        ImportRun.objects.create(file_name="later.bib"),
        [record(1, "Graphene membranes in desalination plants", [ParsedAuthor("Shuqing Ouyang")])],
    )
    link = AuthorLink.objects.get(status=LinkStatus.PENDING)
    assert (link.expert_id, link.reasons) == (experts["ouyang"].pk, ["pinyin", "topics"])
    # Then the review queue says which subjects (one seen in a single paper is none)
    page = hq.get(reverse("publications:review")).content.decode()
    named = re.search(r'data-testid="subjects">([^<]*)<', page)
    assert named and named.group(1) == "共同研究主题: desalination、graphene membranes"
    english = hq.get("/en" + reverse("publications:review")).content.decode()
    assert "Subjects in common: desalination、graphene membranes" in english


def test_the_report_counts_the_waiting_links_the_import_made_sure(hq: Client, experts: Any) -> None:
    # Given a paper of "Shuqing Ouyang" with two students, waiting for review
    students = [ParsedAuthor("Xiaoyu Li"), ParsedAuthor("Jianguo Wang")]
    services.import_records(
        ImportRun.objects.create(file_name="a.bib"),
        [record(1, "Alloy fatigue", [ParsedAuthor("Shuqing Ouyang"), *students])],
    )
    # When two later papers of hers, known by e-mail, with the same students are imported and
    # the queue re-checked
    later = services.import_records(
        ImportRun.objects.create(file_name="b.bib"),
        [
            record(n, title, [ParsedAuthor("欧阳澍青", email="sq.ouyang@example.org"), *students])
            for n, title in ((1, "Creep of TC4"), (2, "Fatigue of welded TC4"))
        ],
    )
    services.recheck_queue_job()
    # Then the later import's report says so, in both languages
    url = reverse("publications:run", args=[later.pk])
    page = hq.get(url).content.decode()
    assert re.search(r"待审核转自动关联</dt><dd[^>]*data-testid=\"count-promoted\"[^>]*>1<", page)
    english = hq.get("/en" + url).content.decode()
    assert "Made automatic from the review queue</dt>" in english
    # and an import that made nothing sure shows no such line
    first = ImportRun.objects.get(file_name="a.bib")
    assert (
        "count-promoted"
        not in hq.get(reverse("publications:run", args=[first.pk])).content.decode()
    )


def test_the_review_queue_names_a_patent_s_applicants(hq: Client, experts: Any) -> None:
    # Given a patent of 欧阳澍青's institute whose inventor is written by initials only
    institute = experts["ouyang"].organisation.name_zh
    services.import_records(
        ImportRun.objects.create(file_name="patents.csv"),
        [
            record(
                1,
                "一种钛合金焊缝的检测方法",
                [ParsedAuthor("Ouyang, S.")],
                kind="patent",
                fmt="patent_table",
                patent_number="CN119876543A",
                applicants=[institute, "江苏某某装备有限公司"],
            )
        ],
    )
    assert AuthorLink.objects.get(work__patent_number="CN119876543A").status == "pending"
    # Then the review queue names its applicants, where the reviewer looks for the inventor
    page = hq.get(reverse("publications:review")).content.decode()
    named = re.search(r'data-testid="applicants">([^<]*)<', page)
    assert named and named.group(1) == f"申请人 {institute}、江苏某某装备有限公司"
    english = hq.get("/en" + reverse("publications:review")).content.decode()
    assert f"Applicants {institute}、江苏某某装备有限公司" in english
