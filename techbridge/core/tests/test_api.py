"""Every API register: visible to network staff only, schema-valid, no N+1 queries."""

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from techbridge.assignments.models import DeclaredConflict
from techbridge.core.choices import Role
from techbridge.institutes.models import EvaluationScheme, FundingAllocation, ResearchInstitute
from techbridge.organisations.models import Enterprise
from techbridge.testing.openapi import assert_matches_schema, openapi_schema

pytestmark = pytest.mark.django_db

REGISTERS = [
    "technology-fields",
    "industries",
    "glossary",
    "organisations",
    "enterprises",
    "universities",
    "overseas-partners",
    "partnership-agreements",
    "joint-projects",
    "business-units",
    "innovation-platforms",
    "institutes",
    "institute-years",
    "revenue",
    "evaluation-schemes",
    "evaluation-weights",
    "funding-allocations",
    "experts",
    "affiliations",
    "profile-documents",
    "project-managers",
    "project-manager-team-members",
    "fellows",
    "students",
    "graduate-cohorts",
    "project-courses",
    "course-enrolments",
    "jics",
    "needs",
    "declared-conflicts",
    "achievements",
    "achievement-transfers",
    "contracts",
    "contract-milestones",
    "contract-payments",
    "major-projects",
    "major-project-fundings",
    "major-project-milestones",
    "spinoffs",
    "investment-rounds",
    "equity-stakes",
    "chains",
    "chain-mappings",
]

# Registers every signed-in user reads (filtered record by record where need be): the needs
# (the needs rule), technology chains, and the two taxonomies that needs are filed under.
OPEN_TO_SIGNED_IN = ("needs", "chains", "chain-mappings", "technology-fields", "industries")


@pytest.fixture
def staff_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="hq"))
    return client


def test_schema_lists_every_register() -> None:
    paths = openapi_schema()["paths"]
    for name in REGISTERS:
        assert f"/api/{name}/" in paths
        assert f"/api/{name}/{{id}}/" in paths
    assert "/api/reports/annual/" in paths


def _seed_registers_the_demo_leaves_empty() -> None:
    """The demo computes no funding allocation and declares no conflict; give each one row."""
    institute = ResearchInstitute.objects.order_by("pk").first()
    assert institute is not None
    FundingAllocation.objects.create(
        institute=institute,
        year=2020,
        scheme=EvaluationScheme.objects.get(is_default=True),
        score=Decimal("81.50"),
        amount_cny=Decimal("1200000"),
    )
    enterprise = Enterprise.objects.order_by("pk").first()
    assert enterprise is not None
    DeclaredConflict.objects.create(institute=institute, enterprise=enterprise, reason="股东")


@pytest.mark.parametrize("name", REGISTERS)
def test_list_and_detail_match_the_schema(
    name: str, staff_client: APIClient, django_assert_max_num_queries: Any
) -> None:
    _seed_registers_the_demo_leaves_empty()
    # A fixed number whatever the rows: the user, their roles (the visibility rules), the page.
    with django_assert_max_num_queries(10):
        response = staff_client.get(f"/api/{name}/?limit=50")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] > 0
    assert_matches_schema(f"/api/{name}/", "get", 200, body)
    first = body["results"][0]["id"]
    detail = staff_client.get(f"/api/{name}/{first}/")
    assert detail.status_code == 200
    assert_matches_schema(f"/api/{name}/{first}/", "get", 200, detail.json())


# The registers beyond OPEN_TO_SIGNED_IN are for network staff only.
@pytest.mark.parametrize("name", [r for r in REGISTERS if r not in OPEN_TO_SIGNED_IN])
def test_registers_are_closed_to_enterprise_users(name: str, user_factory: Any) -> None:
    client = APIClient()
    client.force_authenticate(
        user_factory("ent-user", Enterprise.objects.first(), Role.ENTERPRISE_USER)
    )
    assert client.get(f"/api/{name}/").status_code == 403


def test_anonymous_gets_nothing() -> None:
    assert APIClient().get("/api/needs/").status_code in (401, 403)
    assert APIClient().get("/api/institutes/").status_code in (401, 403)


def test_annual_figures_endpoint(staff_client: APIClient) -> None:
    response = staff_client.get("/api/reports/annual/?year=2020")
    assert response.status_code == 200
    assert response.json()["new_jics"] == 54
    assert_matches_schema("/api/reports/annual/", "get", 200, response.json())
    bad = staff_client.get("/api/reports/annual/?year=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400
    assert "year" in bad.json()


def test_filters_narrow_the_list(staff_client: APIClient) -> None:
    all_contracts = staff_client.get("/api/contracts/").json()["count"]
    jic_2020 = staff_client.get("/api/contracts/?jic__isnull=false&signed_on__year=2020")
    assert jic_2020.json()["count"] == 123 < all_contracts


# Models with no register endpoint of their own, and why (docs/api.md says the same).
NOT_A_REGISTER = {
    "accounts.Membership": "user accounts and roles are managed in the admin",
    "accounts.DirectoryRoleRule": "single sign-on configuration, kept in the admin",
    "accounts.ExternalIdentity": "written by single sign-on, listed in the admin",
    "needs.NeedEvent": "a need's history, written by the need services",
    "needs.NeedAttachment": "files of a confidential need, served by the need pages",
    "needs.DisclosureRequest": "decided on the need pages under the needs rule",
    "matching.DocumentVector": "matching index internals",
    "matching.IndexChange": "matching index internals (the change feed)",
    "matching.IndexFollower": "matching index internals (reported by /healthz)",
    "matching.IndexedDocument": "the shared matching index, written by its builder and applier",
    "matching.IndexedTerm": "the shared matching index, written by its builder and applier",
    "matching.IndexedPosting": "the shared matching index, written by its builder and applier",
    "matching.IndexedLink": "the shared matching index, written by its builder and applier",
    "matching.SharedIndexState": "the shared matching index's state (techbridge index status)",
    "matching.MatchDecision": "written through POST /api/needs/{id}/decisions/",
    "cooperation.CaseStageChange": "a case's history, written by POST /api/cases/{id}/move/",
    "cooperation.CaseMessage": "a case's thread, at /api/cases/{id}/messages/",
    "cooperation.CaseMeeting": "a case's meetings, at /api/cases/{id}/meetings/",
    "assignments.AssignmentRun": "solver runs, made and reviewed on the assignment pages",
    "assignments.AssignmentProposal": "solver output, reviewed on the assignment pages",
    "assignments.NeedAssignment": "made by confirming a run on the assignment pages",
    "notifications.Notification": "a user's own notifications, delivery internals",
    "core.BusinessSequence": "counters of business numbers, drawn by the services",
    "accounts.ApiToken": "credentials, issued and revoked by their owners at /accounts/tokens/",
    "chains.ChainLink": "nested in /api/chains/ (chains are imported as a whole)",
    "chains.KeyTechnology": "nested in /api/chains/ (chains are imported as a whole)",
    "reports.ReportFile": "a staff member's own report files, rendered by a job for the page",
    "publications.ImportRun": "publication imports, made and reported on the import pages",
    "publications.Work": "merged from imported records, shown on the experts' profiles",
    "publications.DocumentSource": "the provenance of imported works, written by the import",
    "publications.AuthorLink": "decided in the review queue of the import pages",
}


def test_every_model_is_a_register_or_says_why_not() -> None:
    from django.apps import apps

    from techbridge.api_urls import router

    querysets = [getattr(viewset, "queryset", None) for _, viewset, _ in router.registry]
    served = {qs.model._meta.label for qs in querysets if qs is not None}
    served |= {"needs.TechnologyNeed", "cooperation.CooperationCase"}  # get_queryset only
    models = {m._meta.label for m in apps.get_models() if m.__module__.startswith("techbridge.")}
    assert models - served - set(NOT_A_REGISTER) == set()
    assert set(NOT_A_REGISTER) <= models
    assert not set(NOT_A_REGISTER) & served


def test_schema_generates_without_warnings(tmp_path: Any) -> None:
    """drf-spectacular's own validation, failing on warnings (e.g. two choice sets that would
    share an enum name)."""
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "TechBridge API" in out.read_text()
