"""Records written in bulk by a register import reach the matching index (no post_save)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.matching.index import PlatformIndex
from techbridge.matching.serving import get_index, reset_index
from techbridge.matching.sources import Sources
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import ProfileDocument
from techbridge.registers import registry, services

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

TITLE = "石墨烯散热膜卷对卷连续制备工艺"


@pytest.fixture
def built_index() -> Iterator[PlatformIndex]:
    """The process-wide index, built over one achievement only (quick to encode)."""
    first = TechnologicalAchievement.objects.order_by("pk")[:1]
    index = reset_index()
    index.build(
        Sources(
            ProfileDocument.objects.none(),
            TechnologicalAchievement.objects.filter(
                pk__in=list(first.values_list("pk", flat=True))
            ),
            TechnologyNeed.objects.none(),
            None,
        )
    )
    yield index
    reset_index()


def _new_achievement_dataset(user: Any) -> Any:
    register = registry.get("achievements")
    assert register is not None
    template = TechnologicalAchievement.objects.order_by("pk")[:1]
    dataset = register.resource(user=user).export(queryset=template)
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row.update(
        id="",
        title=TITLE,
        description="卷对卷工艺连续制备高导热石墨烯散热膜，面向手机与基站的热管理。",
        patent_number="",
    )
    out = type(dataset)(headers=dataset.headers)
    out.append([row[h] for h in dataset.headers])
    return register, out


def test_an_imported_achievement_is_matched(
    built_index: PlatformIndex, django_capture_on_commit_callbacks: Any
) -> None:
    user = get_user_model().objects.get(username="hq")
    register, dataset = _new_achievement_dataset(user)
    assert get_index() is built_index
    with django_capture_on_commit_callbacks(execute=True):
        report = services.run_import(register, dataset, user)
    assert report.valid and report.new == 1, report.errors
    new = TechnologicalAchievement.objects.get(title=TITLE)
    matches = built_index.match_resources("石墨烯散热膜 卷对卷制备", ["achievement"], 5)
    assert matches and matches[0].entity_id == str(new.pk)


def test_a_preview_indexes_nothing(
    built_index: PlatformIndex, django_capture_on_commit_callbacks: Any
) -> None:
    user = get_user_model().objects.get(username="hq")
    register, dataset = _new_achievement_dataset(user)
    before = built_index.status().indexed
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = services.validate(register, dataset, user)
    assert report.valid and report.new == 1
    assert callbacks == []
    assert built_index.status().indexed == before
