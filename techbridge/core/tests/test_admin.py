"""Every TechBridge model is in the admin, in Chinese and in English, and its pages work."""

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

MODELS = [
    m
    for m in apps.get_models()
    if m.__module__.startswith("techbridge.") and not m._meta.auto_created
]
# Django's admin cannot show a model with a composite primary key (the shared matching index's
# postings, document frequencies and links: derived data, summed up on the pages of its
# documents and its state).
ADMIN_MODELS = [m for m in MODELS if not m._meta.is_composite_pk]


def test_every_model_is_registered() -> None:
    missing = [m.__name__ for m in ADMIN_MODELS if m not in admin.site._registry]
    assert not missing


def test_every_model_has_translated_names() -> None:
    for model in MODELS:
        with translation.override("zh-hans"):
            zh = str(model._meta.verbose_name)
        with translation.override("en"):
            en = str(model._meta.verbose_name)
        assert zh != en, model.__name__
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), model.__name__
        assert en.isascii(), (model.__name__, en)
        for field in model._meta.get_fields():
            if getattr(field, "auto_created", False) or not hasattr(field, "verbose_name"):
                continue
            with translation.override("en"):
                label = str(field.verbose_name)
            assert label.isascii(), (model.__name__, field.name, label)


@pytest.fixture
def admin_client_zh_en() -> Client:
    client = Client()
    client.login(request=HttpRequest(), username="admin", password="techbridge-demo")
    return client


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_changelist_and_add_pages_render_in_both_languages(
    model: type[Model], admin_client_zh_en: Client, django_assert_max_num_queries: Any
) -> None:
    info = (model._meta.app_label, model._meta.model_name)
    for _prefix, language in (("", "zh-hans"), ("/en", "en")):
        with translation.override(language):
            url = reverse(f"admin:{info[0]}_{info[1]}_changelist")
        with django_assert_max_num_queries(40):
            response = admin_client_zh_en.get(url)
        assert response.status_code == 200, url
        with translation.override(language):
            assert str(model._meta.verbose_name_plural)[:3].lower() in (
                response.content.decode().lower()
            )
    add = admin_client_zh_en.get(reverse(f"admin:{info[0]}_{info[1]}_add"))
    # API tokens are issued by their owners (the secret is shown once), not in the admin; the
    # matching index's change feed and process reports, and the report files rendered by jobs,
    # are written by the platform only; external identities by sign-ins; a case's messages
    # and meetings on the case page (whose services tell the parties); author links by
    # imports, decided in the review queue.
    assert add.status_code == (403 if model.__name__ in ADMIN_CANNOT_ADD else 200)


ADMIN_CANNOT_ADD = {
    "ApiToken",
    "AuthorLink",
    "ExternalIdentity",
    "IndexChange",
    "IndexFollower",
    "IndexedDocument",
    "SharedIndexState",
    "ReportFile",
    "CaseMessage",
    "CaseMeeting",
}


def test_admin_form_rejects_negative_contract_value_in_english(admin_client_zh_en: Client) -> None:
    from techbridge.cooperation.models import CooperationContract

    contract = CooperationContract.objects.first()
    assert contract is not None
    with translation.override("en"):
        url = reverse("admin:cooperation_cooperationcontract_change", args=[contract.pk])
    response = admin_client_zh_en.get(url)
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "value_cny": "-100",
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
            "payments-TOTAL_FORMS": "0",
            "payments-INITIAL_FORMS": "0",
        }
    )
    response = admin_client_zh_en.post(url, data)
    assert response.status_code == 200  # the form comes back with errors
    assert "cannot be negative" in response.content.decode()
    contract.refresh_from_db()
    assert contract.value_cny > 0


def test_author_links_are_decided_in_the_review_queue_not_in_the_admin(
    admin_client_zh_en: Client,
) -> None:
    from techbridge.publications.models import AuthorLink

    link = AuthorLink.objects.order_by("pk").first()
    assert link is not None
    before = (link.status, link.confidence, link.expert_id)
    url = reverse("admin:publications_authorlink_change", args=[link.pk])
    assert admin_client_zh_en.get(url).status_code == 200  # shown
    response = admin_client_zh_en.post(url, {"status": "rejected", "confidence": "0.1"})
    assert response.status_code == 403
    link.refresh_from_db()
    assert (link.status, link.confidence, link.expert_id) == before
