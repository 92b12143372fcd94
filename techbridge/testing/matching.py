"""A small real matching index for tests: two contrasting fields, the real encoder."""

from collections.abc import Iterator
from typing import Any

import pytest

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.institutes.models import ResearchInstitute
from techbridge.matching.index import PlatformIndex
from techbridge.matching.shared import SharedCollection, writer_lock
from techbridge.matching.sources import Sources
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import ProfileDocument, ProjectManager

FIELDS = ("sic-power", "biomedicine")


def small_sources() -> Sources:
    institutes = [
        ResearchInstitute.objects.filter(technology_fields__code=code).order_by("pk")[0]
        for code in FIELDS
    ]
    return Sources(
        ProfileDocument.objects.filter(expert__organisation__in=institutes),
        TechnologicalAchievement.objects.filter(owner__in=institutes).order_by("pk")[:20],
        TechnologyNeed.objects.filter(technology_field__code__in=FIELDS).order_by("pk")[:40],
        ProjectManager.objects.filter(technology_field__code__in=FIELDS),
    )


def fixed_small_sources() -> Sources:
    """:func:`small_sources` with its slices evaluated into pk filters (reusable querysets)."""
    sources = small_sources()
    return Sources(
        sources.profile_documents,
        TechnologicalAchievement.objects.filter(
            pk__in=list(sources.achievements.values_list("pk", flat=True))
        ),
        TechnologyNeed.objects.filter(pk__in=list(sources.needs.values_list("pk", flat=True))),
        sources.project_managers,
    )


def load_small_collection(
    shared: SharedCollection, index: PlatformIndex, *, links: bool = True
) -> None:
    """Empty ``shared`` and load the documents of :func:`fixed_small_sources` into it with the
    vectors ``index`` holds for them, then its HNSW index and portfolio statistics (in the
    caller's transaction). ``links``: the sources' links too (the links table is one for every
    collection)."""
    sources = fixed_small_sources()
    docs = list(sources.resource_documents())
    vectors, kw = index._vectors(index.resources, docs)
    writer_lock()
    shared.clear()
    shared.add(docs, vectors=vectors, keyword_vectors=kw)
    if links:
        shared.set_links(
            [(x.entity_type, x.entity_id, x.parent_type, x.parent_id) for x in sources.links()]
        )
    shared.ensure_vector_indexes()
    shared.refresh_portfolios()


@pytest.fixture(scope="session")
def small_index(django_db_setup: Any, django_db_blocker: Any) -> Iterator[PlatformIndex]:
    """Shared by many tests, each of which rolls back: it does not follow the change feed
    (the feed is tested with indexes of their own, test_change_feed.py)."""
    index = PlatformIndex(follow=False)
    with django_db_blocker.unblock():
        status = index.build(fixed_small_sources())
    assert status.ready
    yield index
