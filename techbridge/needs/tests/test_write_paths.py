"""Need steps from every entry point leave the same traces: a need submitted on the intake
page or through the API, and an introduction made on the match panel or through the API."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from techbridge.core.choices import Role
from techbridge.core.models import TechnologyField
from techbridge.institutes.models import ResearchInstitute
from techbridge.matching.models import MatchDecision
from techbridge.needs.choices import Confidentiality, NeedEventKind, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "碳化硅外延缺陷控制",
    "description": "碳化硅外延层缺陷密度偏高，需要改进外延生长工艺。",
    "language": "zh",
    "budget_min_cny": "500000",
    "budget_max_cny": "900000",
    "cooperation_mode": "contract_rd",
    "confidentiality": "staff_only",
}


def _traces(need: TechnologyNeed) -> dict[str, Any]:
    created = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(TechnologyNeed),
        object_pk=str(need.pk),
        action=LogEntry.Action.CREATE,
    ).exists()
    return {
        "status": need.status,
        "events": list(need.events.values_list("kind", "from_status", "to_status")),
        "audited": created,
        "submitted_by": need.submitted_by_id is not None,
    }


def test_a_need_submitted_on_the_page_and_through_the_api_leaves_the_same_traces(
    user_factory: Any,
) -> None:
    enterprise = Enterprise.objects.order_by("pk").first()
    assert enterprise is not None
    user = user_factory("submitter", enterprise, Role.ENTERPRISE_USER)
    client = Client()
    client.force_login(user)
    field = TechnologyField.objects.get(code="sic-power")
    page = client.post(
        "/needs/new/",
        {**FIELDS, "enterprise": enterprise.pk, "technology_field": field.pk},
    )
    assert page.status_code == 302, page.context["form"].errors if page.context else page
    api = client.post(
        "/api/needs/",
        {**FIELDS, "enterprise": enterprise.pk, "technology_field": field.pk},
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    by_page = TechnologyNeed.objects.filter(title=FIELDS["title"]).order_by("pk").first()
    by_api = TechnologyNeed.objects.get(pk=api.json()["id"])
    assert by_page is not None and by_page.pk != by_api.pk
    assert (
        _traces(by_page)
        == _traces(by_api)
        == {
            "status": NeedStatus.SUBMITTED,
            "events": [(NeedEventKind.SUBMITTED, "", NeedStatus.SUBMITTED)],
            "audited": True,
            "submitted_by": True,
        }
    )


def test_an_introduction_on_the_panel_and_through_the_api_leaves_the_same_traces() -> None:
    hq = Client()
    hq.force_login(get_user_model().objects.get(username="hq"))
    page_need, api_need = TechnologyNeed.objects.filter(
        status=NeedStatus.OPEN, confidentiality=Confidentiality.STAFF_ONLY, cases__isnull=True
    ).order_by("pk")[:2]
    institute = ResearchInstitute.objects.order_by("pk").first()
    assert institute is not None
    body = {"resource_type": "institute", "resource_id": str(institute.pk), "action": "introduced"}
    assert hq.post(f"/matching/needs/{page_need.pk}/decide/", body).status_code in (200, 302)
    api = hq.post(f"/api/needs/{api_need.pk}/decisions/", body, content_type="application/json")
    assert api.status_code == 201

    def traces(need: TechnologyNeed) -> dict[str, Any]:
        need.refresh_from_db()
        return {
            "status": need.status,
            "matched event": need.events.filter(
                kind=NeedEventKind.MATCHED, from_status=NeedStatus.OPEN
            ).count(),
            "decisions": list(
                MatchDecision.objects.filter(need=need).values_list("action", "resource_id")
            ),
            "cases": list(need.cases.values_list("stage", "resource_id")),
        }

    expected = {
        "status": NeedStatus.MATCHED,
        "matched event": 1,
        "decisions": [("introduced", str(institute.pk))],
        "cases": [("introduced", str(institute.pk))],
    }
    assert traces(page_need) == traces(api_need) == expected
