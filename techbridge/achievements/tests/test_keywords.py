"""Achievements' keywords: through the API, the register import and the achievement page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.core.choices import Role
from techbridge.organisations.models import Enterprise
from techbridge.testing.openapi import assert_matches_schema

pytestmark = pytest.mark.django_db


def _hq_api() -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="hq"))
    return client


def _achievement() -> TechnologicalAchievement:
    item = TechnologicalAchievement.objects.order_by("pk").first()
    assert item is not None
    return item


def test_keywords_saved_through_the_api_are_read_back() -> None:
    # Given an achievement written through the API with keywords
    client = _hq_api()
    existing = _achievement()
    payload = {
        "title": "一种碳化硅功率模块封装方法",
        "description": "本发明公开了一种功率模块封装方法。",
        "language": "zh",
        "kind": "patent",
        "readiness": 5,
        "owner": existing.owner_id,
        "technology_field": existing.technology_field_id,
        "created_on": "2021-05-01",
        "keywords": "碳化硅；功率模块、封装",
    }
    created = client.post("/api/achievements/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert_matches_schema("/api/achievements/", "post", 201, created.json())
    pk = created.json()["id"]
    # When it is read back
    read = client.get(f"/api/achievements/{pk}/")
    # Then the keywords are there, stored as typed and parsed by the one parser
    assert read.json()["keywords"] == "碳化硅；功率模块、封装"
    assert_matches_schema(f"/api/achievements/{pk}/", "get", 200, read.json())
    stored = TechnologicalAchievement.objects.get(pk=pk)
    assert stored.keyword_list == ("碳化硅", "功率模块", "封装")
    # And a change of keywords alone is written
    changed = client.patch(f"/api/achievements/{pk}/", {"keywords": "GaN"}, format="json")
    assert changed.status_code == 200 and changed.json()["keywords"] == "GaN"


def test_too_long_keywords_are_refused_and_nothing_changes() -> None:
    client = _hq_api()
    item = _achievement()
    before = item.keywords
    refused = client.patch(f"/api/achievements/{item.pk}/", {"keywords": "k" * 501}, format="json")
    assert refused.status_code == 400 and "keywords" in refused.json()
    item.refresh_from_db()
    assert item.keywords == before


@pytest.fixture
def hq(settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    client = Client()
    client.force_login(get_user_model().objects.get(username="hq"))
    return client


def test_register_import_with_a_keywords_column_stores_them(hq: Client) -> None:
    # Given an achievements file whose row changes an achievement's keywords
    item = _achievement()
    header = (
        "id,title,kind,readiness,owner,technology_field,patent_number,created_on,"
        "language,description,keywords"
    )
    row = ",".join(
        [
            str(item.pk),
            item.title,
            item.kind,
            str(item.readiness),
            item.owner.name_zh,
            item.technology_field.name_zh,
            item.patent_number,
            item.created_on.isoformat(),
            item.language,
            f'"{item.description}"',
            '"新型封装；热管理、碳化硅, SiC"',
        ]
    )
    upload = SimpleUploadedFile("a.csv", f"{header}\n{row}\n".encode())
    # When headquarters imports it and confirms
    preview = hq.post("/registers/achievements/import/", {"file": upload})
    assert preview.status_code == 200
    report = preview.context["report"]
    assert (report.total, report.updated, report.errors) == (1, 1, [])
    done = hq.post(f"/registers/achievements/import/{preview.context['token']}/confirm/")
    assert done.status_code == 200
    # Then the keywords are stored
    item.refresh_from_db()
    assert item.keyword_list == ("新型封装", "热管理", "碳化硅", "SiC")
    # And the export writes them back in their column
    export = hq.get("/registers/achievements/export.csv", {"q": item.title})
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[-1] == "keywords"
    assert "新型封装；热管理、碳化硅, SiC" in export.content.decode("utf-8-sig")


def test_achievement_page_shows_the_keywords_as_badges(hq: Client) -> None:
    item = _achievement()
    item.keywords = "液流电池，储能; flow battery"
    item.save()
    html = hq.get(f"/achievements/{item.pk}/").content.decode()
    assert 'data-testid="keywords"' in html
    for keyword in ("液流电池", "储能", "flow battery"):
        assert f'<span class="badge bg-blue-lt me-1">{keyword}</span>' in html
    assert hq.get(f"/en/achievements/{item.pk}/").status_code == 200


def test_achievement_page_without_keywords_shows_no_badges(hq: Client) -> None:
    item = _achievement()
    item.keywords = ""
    item.save()
    html = hq.get(f"/achievements/{item.pk}/").content.decode()
    assert item.title in html and 'data-testid="keywords"' not in html


def test_achievement_page_is_for_network_staff(user_factory: Any) -> None:
    enterprise = Enterprise.objects.order_by("pk").first()
    client = Client()
    client.force_login(user_factory("kw-enterprise", enterprise, Role.ENTERPRISE_USER))
    assert client.get(f"/achievements/{_achievement().pk}/").status_code == 403
    assert Client().get(f"/achievements/{_achievement().pk}/").status_code == 302
