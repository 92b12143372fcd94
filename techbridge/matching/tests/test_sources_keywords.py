"""The engine documents read from the database carry their keywords, and the stored
vectors' hash covers them (a change of keywords alone re-encodes)."""

from __future__ import annotations

import pytest

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.matching.sources import achievement_document, content_hash, profile_document
from techbridge.people.models import ProfileDocument

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_profile_document_carries_its_parsed_keywords() -> None:
    doc = ProfileDocument.objects.order_by("pk").first()
    assert doc is not None
    doc.keywords = "碳化硅外延；缺陷表征、SiC,  sic"
    document = profile_document(doc)
    assert document.keywords == ("碳化硅外延", "缺陷表征", "SiC")
    assert document.doc_id == f"doc:{doc.pk}"


def test_achievement_document_carries_its_parsed_keywords() -> None:
    item = TechnologicalAchievement.objects.order_by("pk").first()
    assert item is not None
    item.keywords = "flow battery; energy storage\nstate of charge"
    document = achievement_document(item)
    assert document.keywords == ("flow battery", "energy storage", "state of charge")
    item.keywords = ""
    assert achievement_document(item).keywords == ()


def test_demo_documents_have_three_to_five_keywords() -> None:
    docs = [profile_document(d) for d in ProfileDocument.objects.order_by("pk")[:200]]
    items = [achievement_document(a) for a in TechnologicalAchievement.objects.all()[:200]]
    assert all(3 <= len(d.keywords) <= 5 for d in docs + items)


def test_content_hash_changes_when_only_the_keywords_change() -> None:
    item = TechnologicalAchievement.objects.order_by("pk").first()
    assert item is not None
    item.keywords = "液流电池，储能"
    before = content_hash(achievement_document(item), "model-a")
    item.keywords = "液流电池，储能，梯次利用"
    after = content_hash(achievement_document(item), "model-a")
    assert before != after
    # the same keywords typed with other separators are the same document
    item.keywords = "液流电池; 储能、梯次利用"
    assert content_hash(achievement_document(item), "model-a") == after
