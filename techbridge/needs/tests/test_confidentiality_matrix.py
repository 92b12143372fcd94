"""A need is never shown to a user who may not see it, through any channel.

Channels: the need page, the list, the search box, the API (list and detail), another
enterprise's match list, an expert's reverse view, the CSV and Excel exports, and a count in
a report. Each channel is also checked with a user who may see the need, so that every
assertion here can fail.
"""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from techbridge.core.choices import Role
from techbridge.matching.index import PlatformIndex
from techbridge.matching.services import needs_for_resource
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.people.models import Expert
from techbridge.reports.services import annual_figures

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

MARKER = "绝密氮化镓晶圆键合工艺"


@pytest.fixture
def hidden(small_index: PlatformIndex) -> TechnologyNeed:
    """A staff-only SiC need that is in the matching index, with a recognisable title."""
    indexed = [int(d.split(":")[1]) for d in small_index.needs.doc_ids_ if d]
    need = TechnologyNeed.objects.filter(
        pk__in=indexed, technology_field__code="sic-power"
    ).order_by("pk")[0]
    need.title = MARKER
    need.description = f"{MARKER}：需要碳化硅外延设备。"
    need.confidentiality = Confidentiality.STAFF_ONLY
    need.is_anonymous = False
    need.status = "open"
    need.save()
    need.named_viewers.clear()
    return need


@pytest.fixture
def outsider(user_factory: Any, hidden: TechnologyNeed) -> Any:
    other = Enterprise.objects.exclude(pk=hidden.enterprise_id).exclude(
        jics__institute__isnull=True, needs__isnull=True
    )[0]
    return user_factory("outsider", other, Role.ENTERPRISE_USER)


@pytest.fixture
def insider(user_factory: Any) -> Any:
    return user_factory("insider", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sees(user: Any, hidden: TechnologyNeed) -> dict[str, bool]:
    """What each channel reveals of the hidden need to ``user``."""
    web, api = _client(user), APIClient()
    api.force_authenticate(user)
    ids: set[int] = set()
    url: str | None = "/api/needs/?limit=1000"
    while url:
        body = api.get(url).json()
        ids |= {row["id"] for row in body["results"]}
        url = body["next"]
    return {
        "page": web.get(f"/needs/{hidden.pk}/").status_code == 200,
        "list": f"/needs/{hidden.pk}/" in web.get("/needs/?status=open").content.decode()
        or MARKER
        in web.get(
            f"/needs/?status=open&page=1&technology_field={hidden.technology_field_id}"
        ).content.decode(),
        # (the search page repeats the query itself, so look for the need's link)
        "search": f"/needs/{hidden.pk}/" in web.get("/needs/", {"q": MARKER}).content.decode(),
        "api_list": hidden.pk in ids,
        "api_detail": api.get(f"/api/needs/{hidden.pk}/").status_code == 200,
        "match_list": web.get(f"/matching/needs/{hidden.pk}/").status_code == 200,
        "csv": MARKER in web.get("/needs/export.csv").content.decode("utf-8-sig"),
        "xlsx": _xlsx_has(web.get("/needs/export.xlsx").content),
    }


def _xlsx_has(content: bytes) -> bool:
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return any(MARKER in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


def test_every_channel_hides_the_need_from_an_outsider(
    hidden: TechnologyNeed, outsider: Any, insider: Any
) -> None:
    # the newest need heads the list's first page, where the list channel looks
    today = dt.date.today()
    TechnologyNeed.objects.filter(pk=hidden.pk).update(
        submitted_on=today, deadline=today + dt.timedelta(days=90)
    )
    seen_by_insider = _sees(insider, hidden)
    assert all(seen_by_insider.values()), seen_by_insider  # the channels do show it
    seen_by_outsider = _sees(outsider, hidden)
    assert not any(seen_by_outsider.values()), seen_by_outsider


def test_reverse_view_of_an_expert_hides_it(
    hidden: TechnologyNeed, outsider: Any, insider: Any, small_index: PlatformIndex
) -> None:
    expert = Expert.objects.filter(
        organisation__researchinstitute__technology_fields__code="sic-power",
        documents__isnull=False,
    ).first()
    assert expert is not None
    everything = needs_for_resource(insider, "expert", expert.pk, k=200, index=small_index)
    assert hidden.pk in {n.pk for n, _ in everything}
    for need, _score in needs_for_resource(outsider, "expert", expert.pk, k=200, index=small_index):
        assert need.pk != hidden.pk
    page = _client(outsider).get(f"/matching/expert/{expert.pk}/needs/").content.decode()
    assert MARKER not in page


def test_a_count_in_a_report_does_not_reveal_it(
    hidden: TechnologyNeed, outsider: Any, insider: Any
) -> None:
    year = dt.date.today().year
    jic = hidden.jic or TechnologyNeed.objects.filter(jic__isnull=False)[0].jic
    before = (
        annual_figures(year, user=outsider)["needs"],
        annual_figures(year, user=insider)["needs"],
    )
    TechnologyNeed.objects.filter(pk=hidden.pk).update(
        jic=jic, submitted_on=dt.date(year, 1, 2), deadline=dt.date(year, 12, 31)
    )
    after = (
        annual_figures(year, user=outsider)["needs"],
        annual_figures(year, user=insider)["needs"],
    )
    assert after[0] == before[0]
    assert after[1] == before[1] + 1


def test_admin_lists_of_need_records_follow_the_rule(user_factory: Any) -> None:
    from techbridge.cooperation.models import CooperationCase
    from techbridge.matching.models import MatchDecision

    need = TechnologyNeed.objects.filter(confidentiality=Confidentiality.NAMED_ONLY)[0]
    need.title = MARKER
    need.save()
    MatchDecision.objects.create(
        need=need, resource_type="institute", resource_id="1", action="shortlisted"
    )
    case = CooperationCase.objects.create(
        need=need,
        resource_type="institute",
        resource_id="1",
        resource_name="X",
        stage_since=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
    )
    case.changes.create(to_stage="introduced")
    hq = user_factory(
        "hq-admin", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF, is_staff=True
    )
    for url in (
        "/admin/matching/matchdecision/",
        "/admin/cooperation/cooperationcase/",
        "/admin/cooperation/casestagechange/",
    ):
        staff_page = _client(hq).get(url).content.decode()
        assert MARKER not in staff_page, url  # headquarters may not see named-only needs
    superuser = user_factory("root-admin", is_superuser=True, is_staff=True)
    assert MARKER in _client(superuser).get("/admin/matching/matchdecision/").content.decode()
