"""The change feed: every committed change to an indexed record reaches an index that follows
the feed, without a rebuild; a rolled-back change never does.

These run in the test's process; test_deployment.py runs the same through real server and
worker processes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.matching.index import ChangeCursor, PlatformIndex
from techbridge.matching.models import DocumentVector, IndexChange
from techbridge.matching.sources import Sources
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import Expert, ProfileDocument

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

TITLE = "钙钛矿量子点发光二极管的界面钝化"
QUERY = "钙钛矿量子点发光二极管界面钝化"


@pytest.fixture
def index() -> Iterator[PlatformIndex]:
    """An index that follows the feed, built over one achievement (quick to encode)."""
    first = list(TechnologicalAchievement.objects.order_by("pk").values_list("pk", flat=True)[:1])
    index = PlatformIndex()
    index.build(
        Sources(
            ProfileDocument.objects.none(),
            TechnologicalAchievement.objects.filter(pk__in=first),
            TechnologyNeed.objects.none(),
            None,
        )
    )
    yield index


def _new_document(expert: Expert, title: str = TITLE) -> ProfileDocument:
    return ProfileDocument.objects.create(
        expert=expert,
        kind="paper",
        title=title,
        abstract="研究了钙钛矿量子点发光二极管的界面钝化方法，外量子效率提升至 21%。",
        language="zh",
        year=2021,
    )


def _top(index: PlatformIndex, query: str = QUERY) -> list[str]:
    return [m.doc_id for m in index.resources.search(query, k=3)]


def test_a_saved_record_writes_a_change_in_its_own_transaction(
    django_capture_on_commit_callbacks: Any,
) -> None:
    expert = Expert.objects.order_by("pk").first()
    assert expert is not None
    before = IndexChange.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        _new_document(expert)
        assert IndexChange.objects.count() == before + 1
        raise RuntimeError("rolled back")
    assert IndexChange.objects.count() == before  # the change rolled back with the record
    with django_capture_on_commit_callbacks(execute=True):
        doc = _new_document(expert)
    change = IndexChange.objects.order_by("-id").first()
    assert change is not None and change.key == f"doc:{doc.pk}"
    # the job queued after the commit stored the text's vector (jobs run inline in tests)
    assert DocumentVector.objects.filter(key=f"doc:{doc.pk}").exists()


def test_new_changed_and_deleted_documents_reach_a_following_index(index: PlatformIndex) -> None:
    expert = Expert.objects.filter(organisation__kind="institute").order_by("pk").first()
    assert expert is not None
    doc = _new_document(expert)
    assert f"doc:{doc.pk}" not in index.resources.doc_ids_
    indexed = index.status().indexed
    assert index.follow(force=True) >= 1
    assert _top(index)[0] == f"doc:{doc.pk}"
    assert index.status().indexed == indexed + 1  # what /healthz and the API report
    # the expert's institute is ranked through the link the change carried
    institutes = index.match_resources(QUERY, ["institute"], 3)
    assert institutes and institutes[0].entity_id == str(expert.organisation_id)

    def score(query: str) -> float:
        return next(h.score for h in index.resources.search(query, k=3) if h.doc_id == key)

    key = f"doc:{doc.pk}"
    other = "高熵合金叶片激光增材制造缺陷检测"
    before = score(QUERY), score(other)
    doc.title, doc.abstract = "高熵合金涡轮叶片的激光增材制造缺陷检测", "工业 CT 检测气孔与裂纹。"
    doc.save()
    index.follow(force=True)
    after = score(QUERY), score(other)
    assert after[0] < before[0] and after[1] > before[1]  # the new text is what is indexed

    doc.delete()
    assert not DocumentVector.objects.filter(key=key).exists()
    index.follow(force=True)
    assert key not in index.resources.doc_ids_


def test_a_query_applies_what_is_new_first(index: PlatformIndex, settings: Any) -> None:
    settings.MATCHING_FOLLOW_MIN_S = 0
    expert = Expert.objects.order_by("pk").first()
    assert expert is not None
    doc = _new_document(expert)
    matches = index.match_resources(QUERY, ["expert"], 3)
    assert matches and matches[0].entity_id == str(expert.pk)
    assert f"doc:{doc.pk}" in index.resources.doc_ids_


def test_a_ranking_asked_again_follows_every_change(index: PlatformIndex, settings: Any) -> None:
    settings.MATCHING_FOLLOW_MIN_S = 0
    expert = Expert.objects.filter(organisation__kind="institute").order_by("pk").first()
    assert expert is not None

    def asked() -> list[tuple[str, float]]:
        """The ranking as the pages get it (kept between changes)."""
        return [(m.entity_id, m.score) for m in index.match_resources(QUERY, ["expert"], 3)]

    def engine() -> list[tuple[str, float]]:
        """The engine's own answer now, kept nowhere."""
        return [(m.entity_id, m.score) for m in index.resources.match(QUERY, ["expert"], k=3)]

    # Given a ranking asked (and kept) before the expert had a document on the need's topic
    assert asked() == asked() == engine() == []
    # when a document is added, rewritten to another topic, rewritten back, then deleted
    doc = _new_document(expert)
    added = asked()
    assert added == asked() == engine() and added[0][0] == str(expert.pk)
    doc.title, doc.abstract = "高熵合金涡轮叶片的激光增材制造缺陷检测", "工业 CT 检测气孔与裂纹。"
    doc.save()
    rewritten = asked()
    assert rewritten == engine() and rewritten[0][1] < added[0][1]
    doc.title = TITLE
    doc.save()
    assert asked() == engine() != rewritten
    doc.delete()
    # then each time the ranking asked again is the engine's answer for the index as it is
    assert asked() == engine() == []


def test_an_index_that_does_not_encode_waits_for_the_stored_vector(
    index: PlatformIndex, django_capture_on_commit_callbacks: Any
) -> None:
    index._encode = False  # a serving process: the job worker encodes
    expert = Expert.objects.order_by("pk").first()
    assert expert is not None
    doc = _new_document(expert)  # its job is not run: the change has no vector yet
    index.follow(force=True)
    assert f"doc:{doc.pk}" not in index.resources.doc_ids_
    from techbridge.matching.jobs import encode_documents

    assert encode_documents([f"doc:{doc.pk}"]) == 1  # stores the vector, writes a change
    assert encode_documents([f"doc:{doc.pk}"]) == 0  # run again: nothing left to do
    index.follow(force=True)
    assert _top(index)[0] == f"doc:{doc.pk}"


def test_a_cursor_started_later_skips_what_the_build_read() -> None:
    expert = Expert.objects.order_by("pk").first()
    assert expert is not None
    earlier = _new_document(expert)
    cursor = ChangeCursor()
    cursor.start()
    rows = cursor.read()
    if ChangeCursor.ordered_by_commit():
        assert rows == []
    else:
        # PostgreSQL re-reads the changes of transactions still open at the start (here the
        # test's own), which is harmless: applying a change twice gives the same index.
        assert {k for _, k in rows} <= {f"doc:{earlier.pk}"}
    cursor.advance(rows, complete=True)
    doc = _new_document(expert, "第二篇")
    assert [k for _, k in cursor.read()] == [f"doc:{doc.pk}"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ids commit out of order there")
def test_a_change_that_commits_after_a_newer_one_is_not_missed() -> None:
    """On PostgreSQL a long transaction (an import) can commit after a later, short one: the
    cursor reads by transaction, not by id, so the earlier id is still applied."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    table = IndexChange._meta.db_table
    insert = (
        f"INSERT INTO {table} (key, xid, created_at) "
        "VALUES (%s, pg_current_xact_id()::text::bigint, now()) RETURNING id"
    )
    cursor = ChangeCursor()
    cursor.start()
    with psycopg.connect(**params) as long_tx, psycopg.connect(**params, autocommit=True) as short:
        try:
            first_row = long_tx.execute(insert, ("need:990000001",)).fetchone()
            second_row = short.execute(insert, ("need:990000002",)).fetchone()
            assert first_row is not None and second_row is not None
            first, second = first_row[0], second_row[0]
            assert first < second
            rows = cursor.read()
            assert [i for i, _ in rows] == [second]
            cursor.advance(rows, complete=True)
            long_tx.commit()
            rows = cursor.read()
            assert [i for i, _ in rows] == [first]  # the older id, committed later
            cursor.advance(rows, complete=True)
            assert cursor.read() == []
        finally:
            short.execute(f"DELETE FROM {table} WHERE key LIKE 'need:99000000_'")


def test_recorded_changes_are_one_row_a_key_with_the_time_of_writing() -> None:
    """A bulk import records thousands of changes at once: every distinct key gets its row,
    through as many statements as the database's limit on parameters asks."""
    from django.utils import timezone

    from techbridge.matching.feed import record_changes

    keys = [f"need:99100{n:04d}" for n in range(2500)]
    before = timezone.now()
    with transaction.atomic():
        record_changes([*keys, keys[0]], encode=False)
    rows = IndexChange.objects.filter(key__startswith="need:99100")
    assert sorted(rows.values_list("key", flat=True)) == keys
    assert all(before <= at <= timezone.now() for at in rows.values_list("created_at", flat=True))
    assert rows.order_by("pk")[0].key == keys[0]  # in the order given
    rows.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="no transaction ids there")
def test_recorded_changes_carry_their_transaction_s_id() -> None:
    """The cursor reads by transaction: every row a write records has its transaction's id
    (asked once for the rows of one call)."""
    from techbridge.matching.feed import record_changes

    with transaction.atomic():
        record_changes(["need:990000003", "need:990000004"], encode=False)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()::text::bigint")
            (xid,) = cursor.fetchone()
        rows = IndexChange.objects.filter(key__in=["need:990000003", "need:990000004"])
        assert sorted(rows.values_list("xid", flat=True)) == [xid, xid]
        IndexChange.objects.filter(key__startswith="need:99000000").delete()


def test_encoding_writes_nothing_until_its_vectors_are_saved(index: PlatformIndex) -> None:
    """A job encodes before its transaction and saves after: encoding alone stores no vector,
    so no other writer waits for the encoder."""
    from techbridge.matching.models import DocumentVector
    from techbridge.matching.sources import resolve

    expert = Expert.objects.order_by("pk").first()
    assert expert is not None
    doc = _new_document(expert)
    documents = resolve([f"doc:{doc.pk}"]).documents
    before = DocumentVector.objects.count()
    encoded = index.encode_missing(documents)
    assert encoded.doc_ids == [f"doc:{doc.pk}"] and encoded.rows
    assert DocumentVector.objects.count() == before
    assert index.save_encoded(encoded) == [f"doc:{doc.pk}"]
    assert DocumentVector.objects.filter(key=f"doc:{doc.pk}").exists()
    assert not index.encode_missing(documents).rows  # stored now: nothing left to encode


def test_waiting_for_a_background_build_ends_with_the_build_not_with_the_following(
    settings: Any,
) -> None:
    # Given an index built in the background of a serving process (or `techbridge index
    # build`), whose thread goes on following the change feed once the index is ready
    settings.MATCHING_FOLLOW_INTERVAL = 0.2
    index = PlatformIndex()
    # (its thread writes no heartbeat: that row would outlive the test, on another connection)
    index._last_heartbeat = float("inf")
    nothing = Sources(
        ProfileDocument.objects.none(),
        TechnologicalAchievement.objects.none(),
        TechnologyNeed.objects.none(),
        None,
    )
    index.start_background_build(nothing)
    try:
        # When a caller waits for it with a long time limit
        started = time.monotonic()
        status = index.wait(timeout=300)
        # Then the wait ends with the build, while the thread still follows the feed
        assert status.ready
        assert time.monotonic() - started < 300
        assert index._thread is not None and index._thread.is_alive()
    finally:
        index._follow = False
        if index._thread is not None:
            index._thread.join(10)
