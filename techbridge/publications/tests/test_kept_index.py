"""The index a process keeps between import runs: it learns what was stored since, knows what a
new build would, and is built anew after any change but new links. It is kept when the run's
transaction commits (here: when the test's captured commit callbacks run)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from techbridge.people.models import Expert
from techbridge.people.tests.factories import ExpertFactory
from techbridge.publications import linking, services
from techbridge.publications.formats.records import ParsedAuthor
from techbridge.publications.linking import ExpertIndex
from techbridge.publications.models import AuthorLink, Work
from techbridge.publications.names import title_key

from .conftest import record

pytestmark = pytest.mark.django_db

SCOPE = ("experts", None)


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    linking._KEPT.clear()
    yield
    linking._KEPT.clear()


def store(
    expert: Expert,
    number: int,
    title: str,
    keywords: str = "",
    others: tuple = (),
    reasons: tuple = ("pinyin", "affiliation"),
    status: str = "auto",
) -> AuthorLink:
    authors = [{"name": "Luocen Qiu"}, *({"name": name} for name in others)]
    work = Work.objects.create(
        key=f"t:{number}",
        kind="paper",
        title=title,
        language="en",
        title_key=title_key(title),
        keywords=keywords,
        authors=authors,
    )
    return AuthorLink.objects.create(
        work=work,
        position=1,
        name="Luocen Qiu",
        expert=expert,
        status=status,
        reasons=list(reasons),
    )


Commit = Callable[..., Any]


def keep(index: ExpertIndex, commit: Commit) -> None:
    with commit(execute=True):
        index.keep()


def links_read(queries: CaptureQueriesContext) -> list[str]:
    """The statements that read the stored links' rows (:func:`linking._link_rows`)."""
    start = 'SELECT "publications_authorlink"."id" AS "pk", "publications_authorlink"."expert_id"'
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(start)]


def learned(index: ExpertIndex, pk: int) -> tuple[set[str], set[str], set[int]]:
    return index.topics[pk], index.coauthor_full[pk], index.coauthors[pk]


def test_the_kept_index_learns_the_links_stored_since_as_a_new_build_would(
    django_capture_on_commit_callbacks: Commit,
) -> None:
    expert = ExpertFactory.create(name_zh="裘洛岑", name_en="Luocen Qiu", orcid="", email="")
    experts = Expert.objects.all()
    # a first work whose title names a subject no keyword has named yet
    store(expert, 1, "Laser cladding of TC4 alloys", others=("Xiaoyu Li",))
    first = ExpertIndex.current(experts, SCOPE)
    assert first.topics[expert.pk] == set()
    keep(first, django_capture_on_commit_callbacks)

    # Later imports store a work whose keywords name it, with the same co-author
    store(expert, 2, "Fatigue of clad parts", "laser cladding; fatigue", others=("Xiaoyu Li",))
    with CaptureQueriesContext(connection) as queries:
        again = ExpertIndex.current(experts, SCOPE)

    assert again is first  # kept, not built again
    assert len(links_read(queries)) == 1
    assert '"publications_authorlink"."id" >' in links_read(queries)[0]  # those since alone
    built = ExpertIndex.build(experts)
    # the first title read again for the subject learned since: it recurs in two works
    assert learned(again, expert.pk) == learned(built, expert.pk)
    assert again.topics[expert.pk] == {"laser cladding"}
    assert "li|xiaoyu" in again.coauthor_full[expert.pk]


def test_the_kept_index_learns_from_the_same_links_as_a_new_build(
    django_capture_on_commit_callbacks: Commit,
) -> None:
    expert = ExpertFactory.create(name_zh="裘洛岑", name_en="Luocen Qiu", orcid="", email="")
    experts = Expert.objects.all()
    store(expert, 1, "Laser cladding of TC4", "laser cladding", others=("Xiaoyu Li",))
    keep(ExpertIndex.current(experts, SCOPE), django_capture_on_commit_callbacks)
    # A link made on the name and a co-author's name alone teaches nothing
    store(
        expert,
        2,
        "Laser cladding, revisited",
        "laser cladding",
        others=("Xiaoyu Li",),
        reasons=("pinyin", "coauthor_name"),
    )
    again = ExpertIndex.current(experts, SCOPE)
    assert learned(again, expert.pk) == learned(ExpertIndex.build(experts), expert.pk)
    assert learned(again, expert.pk) == (set(), set(), set())
    keep(again, django_capture_on_commit_callbacks)
    # a third, with the affiliation, does
    store(expert, 3, "Cladding of TC4 blades", "laser cladding", others=("Xiaoyu Li",))
    third = ExpertIndex.current(experts, SCOPE)
    assert third is again
    assert learned(third, expert.pk) == learned(ExpertIndex.build(experts), expert.pk)
    assert third.topics[expert.pk] == {"laser cladding"}
    assert "li|xiaoyu" in third.coauthor_full[expert.pk]


@pytest.mark.parametrize("change", ["rejected", "reassigned", "expert edited", "deleted"])
def test_any_change_but_new_links_builds_the_index_anew(
    change: str, django_capture_on_commit_callbacks: Commit
) -> None:
    expert = ExpertFactory.create(name_zh="裘洛岑", name_en="Luocen Qiu", orcid="", email="")
    namesake = ExpertFactory.create(name_zh="裘洛岑", name_en="Luocen Qiu", orcid="", email="")
    experts = Expert.objects.all()
    store(expert, 1, "Laser cladding of TC4", "laser cladding", others=("Xiaoyu Li",))
    store(expert, 2, "TC4 laser cladding, revisited", "laser cladding", others=("Xiaoyu Li",))
    kept = ExpertIndex.current(experts, SCOPE)
    assert kept.topics[expert.pk] == {"laser cladding"}
    keep(kept, django_capture_on_commit_callbacks)

    link = AuthorLink.objects.get(work__key="t:2")
    if change == "rejected":
        link.status = "rejected"
        link.save()
    elif change == "reassigned":
        link.expert = namesake
        link.save()
    elif change == "expert edited":
        Expert.objects.filter(pk=namesake.pk).update(email="l.qiu@example.org")
    else:
        link.delete()
    again = ExpertIndex.current(experts, SCOPE)

    assert again is not kept
    assert learned(again, expert.pk) == learned(ExpertIndex.build(experts), expert.pk)
    if change != "expert edited":
        assert again.topics[expert.pk] == set()  # one work names it now


def test_what_a_rolled_back_run_learned_is_not_kept(
    django_capture_on_commit_callbacks: Commit,
) -> None:
    expert = ExpertFactory.create(name_zh="裘洛岑", name_en="Luocen Qiu", orcid="", email="")
    experts = Expert.objects.all()
    store(expert, 1, "Laser cladding of TC4", "laser cladding")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        index = ExpertIndex.current(experts, SCOPE)
        index.keep()
        raise RuntimeError("the run failed")

    assert callbacks == []
    assert ExpertIndex.current(experts, SCOPE) is not index


@pytest.mark.parametrize("before", ["pending", "auto"])
def test_a_link_accepted_since_is_learned_without_a_build(
    before: str, django_capture_on_commit_callbacks: Commit
) -> None:
    # Given a work learned from, and one the index knows nothing of (for review), or does not
    # learn from (linked on the name and a co-author's name alone)
    expert = ExpertFactory.create(name_zh="裘洛岑", name_en="Luocen Qiu", orcid="", email="")
    experts = Expert.objects.all()
    store(expert, 1, "Laser cladding of TC4", "laser cladding", others=("Xiaoyu Li",))
    second = store(
        expert,
        2,
        "TC4 laser cladding, revisited",
        "laser cladding",
        others=("Xiaoyu Li",),
        reasons=("pinyin", "coauthor_name"),
        status=before,
    )
    kept = ExpertIndex.current(experts, SCOPE)
    assert learned(kept, expert.pk) == (set(), set(), set())
    keep(kept, django_capture_on_commit_callbacks)

    # When a reviewer accepts the second
    second.status = "accepted"
    second.save()
    again = ExpertIndex.current(experts, SCOPE)

    # Then the kept index learns it, as a new build would
    assert again is kept
    assert learned(again, expert.pk) == learned(ExpertIndex.build(experts), expert.pk)
    assert again.topics[expert.pk] == {"laser cladding"}
    assert "li|xiaoyu" in again.coauthor_full[expert.pk]


def test_after_the_re_check_the_next_run_reads_only_the_links_stored_since(
    experts: Any, new_run: Any, django_capture_on_commit_callbacks: Commit
) -> None:
    # Given a link waiting for review, made sure by the re-check at the end of a later import
    students = [ParsedAuthor("Xiaoyu Li"), ParsedAuthor("Jianguo Wang")]
    ouyang = [ParsedAuthor("欧阳澍青", email="sq.ouyang@example.org"), *students]
    with django_capture_on_commit_callbacks(execute=True):
        services.import_records(
            new_run("a.bib"),
            [record(1, "Alloy fatigue", [ParsedAuthor("Shuqing Ouyang"), *students])],
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.import_records(
            new_run("b.bib"),
            [record(1, "Creep of TC4", ouyang), record(2, "Fatigue of welded TC4", ouyang)],
        )
    promoted = AuthorLink.objects.get(work__title="Alloy fatigue", position=1)
    assert promoted.status == "auto" and promoted.promoted_by_id is not None
    kept = linking._KEPT[SCOPE]

    # When the next run takes the kept index
    with CaptureQueriesContext(connection) as queries:
        again = ExpertIndex.current(Expert.objects.all(), SCOPE)

    # Then it reads the links stored since alone (none), and knows what a build would
    assert again is kept
    assert len(links_read(queries)) == 1
    assert '"publications_authorlink"."id" >' in links_read(queries)[0]
    built = ExpertIndex.build(Expert.objects.all())
    assert learned(again, experts["ouyang"].pk) == learned(built, experts["ouyang"].pk)
    assert "li|xiaoyu" in again.coauthor_full[experts["ouyang"].pk]
