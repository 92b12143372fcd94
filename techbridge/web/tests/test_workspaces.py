"""Each role's home page is its own work: enterprises their needs, introductions and
contracts; institutes and experts what was introduced to them; headquarters the network
dashboard with the triage queue and their cases. Nothing on it comes from records the reader
may not see, and a need shown as a summary keeps its real title hidden."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from techbridge.accounts.models import Membership
from techbridge.assignments.models import NeedAssignment
from techbridge.cooperation.models import CooperationCase
from techbridge.cooperation.services import open_case
from techbridge.needs.choices import Confidentiality, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.projection import summary_title
from techbridge.needs.visibility import NeedAudience, visible_needs_for
from techbridge.people.models import Expert, ProjectManager

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _enterprise_of(username: str) -> int:
    return Membership.objects.get(user__username=username).organisation_id


def test_an_enterprise_user_gets_its_own_needs_introductions_and_contracts() -> None:
    page = _client("enterprise").get("/")
    assert page.status_code == 200
    assert next(t.name for t in page.templates) == "web/workspace.html"
    html = page.content.decode()
    ours = TechnologyNeed.objects.filter(enterprise_id=_enterprise_of("enterprise"))
    newest = ours.order_by("-submitted_on", "-id").first()
    assert newest is not None and newest.title[:30] in html
    # The status counts add up to the enterprise's needs this user may see (a need named
    # for other people of the enterprise only is not among them)
    counts = page.context["space"].needs_by_status
    user = get_user_model().objects.get(username="enterprise")
    mine = visible_needs_for(ours, NeedAudience.of(user))
    assert sum(n for _, n in counts) == mine.count() > 0
    # Introductions on its needs, and its contracts
    assert html.count('data-testid="case-row"') == min(
        8, CooperationCase.objects.filter(need__enterprise_id=_enterprise_of("enterprise")).count()
    )
    assert 'data-testid="enterprise-contracts"' in html
    # Another enterprise's needs never appear
    theirs = TechnologyNeed.objects.filter(enterprise_id=_enterprise_of("enterprise2"))
    assert not any(n.title[:30] in html for n in theirs.order_by("-submitted_on")[:20])
    # The network dashboard stays one click away
    network = _client("enterprise").get("/?view=network")
    assert next(t.name for t in network.templates) == "core/home.html"


def test_an_institute_sees_the_cases_introduced_to_it_with_summaries_where_it_reads_one() -> None:
    institute = _enterprise_of("institute")
    # An enterprise's need shared as a summary only, introduced to the institute
    need = (
        TechnologyNeed.objects.filter(
            confidentiality=Confidentiality.PUBLIC_SUMMARY, status=NeedStatus.OPEN
        )
        .exclude(public_summary="")
        .order_by("pk")
        .first()
    )
    assert need is not None
    hq = get_user_model().objects.get(username="hq")
    case = open_case(hq, need, "institute", str(institute))
    html = _client("institute").get("/").content.decode()
    row = next(r for r in html.split('data-testid="case-row"')[1:] if f"/needs/{need.pk}/" in r)
    assert summary_title(need)[:20] in row
    assert need.title not in html  # the real title stays with the full readers
    assert f'/cooperation/cases/{case.pk}/"' not in html  # the case page is theirs only
    assert 'data-testid="milestones-due"' in html and 'data-testid="institute-contracts"' in html


def test_an_expert_sees_an_introduction_made_to_them() -> None:
    expert = Expert.objects.get(user__username="expert")
    need = (
        TechnologyNeed.objects.filter(
            confidentiality=Confidentiality.PUBLIC_SUMMARY, status=NeedStatus.OPEN
        )
        .exclude(public_summary="")
        .order_by("-pk")
        .first()
    )
    assert need is not None
    before = _client("expert").get("/").content.decode().count('data-testid="case-row"')
    open_case(get_user_model().objects.get(username="hq"), need, "expert", str(expert.pk))
    html = _client("expert").get("/").content.decode()
    assert html.count('data-testid="case-row"') == before + 1
    assert summary_title(need)[:20] in html
    assert f"/matching/expert/{expert.pk}/needs/" in html  # the needs that fit them


def test_headquarters_get_the_network_dashboard_with_the_triage_queue() -> None:
    page = _client("hq").get("/")
    assert next(t.name for t in page.templates) == "core/home.html"
    # (needs shown to named people only are not headquarters' to triage)
    hq = get_user_model().objects.get(username="hq")
    submitted = TechnologyNeed.objects.filter(status=NeedStatus.SUBMITTED)
    waiting = visible_needs_for(submitted, NeedAudience.of(hq))
    assert page.context["triage_waiting"] == waiting.count() > 0
    html = page.content.decode()
    assert 'data-testid="triage-queue"' in html and 'data-testid="headline-figures"' in html
    oldest = waiting.order_by("submitted_on", "id")
    assert oldest[0].title[:20] in html


def test_a_project_manager_gets_the_needs_assigned_to_them_and_the_cases_they_own() -> None:
    pm = get_user_model().objects.get(username="pm")
    assigned = TechnologyNeed.objects.filter(assignments__project_manager__user=pm)
    waiting = assigned.filter(cases__isnull=True)
    owned = CooperationCase.objects.filter(owner=pm)
    assert waiting.exists() and owned.exists()
    page = _client("pm").get("/")
    assert next(t.name for t in page.templates) == "web/workspace.html"
    space = page.context["space"]
    assert space.roles == {"project_manager"}
    html = page.content.decode()
    assert html.count('data-testid="assigned-need"') == assigned.count()
    # the needs still to introduce come first, marked
    first = space.assigned_needs[0][0]
    assert first.pk in set(waiting.values_list("pk", flat=True))
    assert space.needs_without_case == waiting.count()
    assert html.count('data-testid="case-row"') == owned.count()
    # a need assigned to another project manager is not listed
    other = TechnologyNeed.objects.filter(status=NeedStatus.OPEN).exclude(pk__in=assigned)
    stranger = other.exclude(confidentiality=Confidentiality.NAMED_ONLY).first()
    assert stranger is not None
    before = len(space.assigned_needs)
    NeedAssignment.objects.create(
        need=stranger, project_manager=ProjectManager.objects.exclude(user=pm).first()
    )
    assert len(_client("pm").get("/").context["space"].assigned_needs) == before
