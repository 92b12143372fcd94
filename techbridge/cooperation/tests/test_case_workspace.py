"""A case is a workspace shared by headquarters, the need's enterprise and the introduced
resource: a message thread with attachments, meetings with calendar invitations, and the NDA
and contract draft from the product's templates. Only people who see the case
(``cooperation.visibility``) read, post and download; the others get 404."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import docx
import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from rest_framework.test import APIClient

from techbridge.cooperation import services
from techbridge.cooperation.models import CaseMeeting, CaseMessage, CooperationCase
from techbridge.core.choices import Role
from techbridge.needs.choices import Confidentiality, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.notifications.models import Notification
from techbridge.notifications.services import notify_stalled_cases
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.people.models import Expert
from techbridge.testing.openapi import assert_matches_schema

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PARTIES = ("hq", "enterprise", "expert")


@dataclass
class Workspace:
    case: CooperationCase
    need: TechnologyNeed
    enterprise: Enterprise
    expert: Expert
    users: dict[str, Any]


@pytest.fixture
def workspace(user_factory: Any) -> Workspace:
    # Given a staff-only need of a new enterprise, with the introduced expert named on it
    # (so that the expert reads it in full and sees the case), and an outsider enterprise
    template = Enterprise.objects.order_by("pk")[0]
    enterprise = Enterprise.objects.create(
        name_zh="工作台精工机械有限公司",
        name_en="Workspace Precision Machinery Co.",
        region=template.region,
        industry=template.industry,
        size=template.size,
    )
    expert = Expert.objects.filter(user__isnull=True).order_by("pk")[0]
    users = {
        "hq": user_factory(
            "ws-hq",
            Organisation.objects.get(kind="headquarters"),
            Role.HQ_STAFF,
            email="ws-hq@example.org",
        ),
        "enterprise": user_factory(
            "ws-ent", enterprise, Role.ENTERPRISE_USER, email="ws-ent@example.org"
        ),
        "expert": user_factory("ws-expert", expert.organisation, Role.EXPERT),
        "outsider": user_factory(
            "ws-outsider",
            Enterprise.objects.exclude(pk=enterprise.pk).order_by("pk")[0],
            Role.ENTERPRISE_USER,
        ),
    }
    users["expert"].email = "ws-expert@example.org"
    users["expert"].save(update_fields=["email"])
    expert.user = users["expert"]
    expert.save(update_fields=["user"])
    base = TechnologyNeed.objects.order_by("pk")[0]
    need = TechnologyNeed.objects.create(
        title="机密标题：五轴联动叶片磨削WSQ",
        description="机密描述",
        public_summary="某企业寻求叶片精密磨削方案。详见全文。",
        enterprise=enterprise,
        industry=enterprise.industry,
        technology_field=base.technology_field,
        budget_min_cny=Decimal(1),
        budget_max_cny=Decimal(2),
        cooperation_mode="contract_rd",
        confidentiality=Confidentiality.STAFF_ONLY,
        status=NeedStatus.OPEN,
        submitted_on=timezone.localdate(),
    )
    need.named_viewers.add(users["expert"])
    case = services.open_case(users["hq"], need, "expert", str(expert.pk))
    return Workspace(case, need, enterprise, expert, users)


def _web(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("author", PARTIES)
def test_each_party_posts_and_the_others_read_and_are_told(
    workspace: Workspace, author: str, django_capture_on_commit_callbacks: Any
) -> None:
    case = workspace.case
    Notification.objects.all().delete()
    # When a party posts on the case page through htmx
    with django_capture_on_commit_callbacks(execute=True):
        posted = _web(workspace.users[author]).post(
            f"/cooperation/cases/{case.pk}/messages/",
            {"body": f"{author} 的留言：下周三看样件。"},
            HTTP_HX_REQUEST="true",
        )
    # Then the thread comes back with the message in it
    assert posted.status_code == 200
    assert f"{author} 的留言" in posted.content.decode()
    assert 'id="thread"' in posted.content.decode()
    message = CaseMessage.objects.get(case=case)
    assert message.author == workspace.users[author]
    # And every party reads it on the case page and through the API
    for party in PARTIES:
        page = _web(workspace.users[party]).get(f"/cooperation/cases/{case.pk}/")
        assert page.status_code == 200, party
        assert f"{author} 的留言" in page.content.decode(), party
        listed = _api(workspace.users[party]).get(f"/api/cases/{case.pk}/messages/")
        assert [m["body"] for m in listed.json()] == [message.body], party
    # And the other parties are told, the author is not, nobody else is
    told = set(
        Notification.objects.filter(kind="case_message").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {workspace.users[p].username for p in PARTIES if p != author}
    notification = Notification.objects.filter(kind="case_message").first()
    assert notification is not None
    assert notification.url == f"/cooperation/cases/{case.pk}/#thread"
    # In the reader's language
    with translation.override("zh-hans"):
        assert "对接项目有新留言" in notification.shown_title
        assert "下周三看样件" in notification.shown_body
    with translation.override("en"):
        assert "New message on the case" in notification.shown_title
        assert "wrote on the case of" in notification.shown_body


def test_an_outsider_gets_404_everywhere(workspace: Workspace) -> None:
    case = workspace.case
    message = services.post_case_message(
        workspace.users["enterprise"],
        case.pk,
        "附上图纸",
        SimpleUploadedFile("drawing.pdf", PDF, content_type="application/pdf"),
    )
    meeting = services.schedule_meeting(
        workspace.users["hq"],
        case.pk,
        title="技术交流会",
        starts_at=timezone.now() + dt.timedelta(days=3),
        duration_minutes=90,
        location="南京市江北新区研创园",
    )
    outsider = workspace.users["outsider"]
    web, api = _web(outsider), _api(outsider)
    for url in (
        f"/cooperation/cases/{case.pk}/",
        f"/cooperation/cases/{case.pk}/messages/",
        f"/cooperation/cases/{case.pk}/messages/{message.pk}/attachment/",
        f"/cooperation/cases/{case.pk}/meetings/{meeting.pk}/invitation.ics",
        f"/cooperation/cases/{case.pk}/documents/nda/",
        f"/cooperation/cases/{case.pk}/documents/contract/",
        f"/api/cases/{case.pk}/messages/",
        f"/api/cases/{case.pk}/meetings/",
    ):
        target = api if url.startswith("/api/") else web
        assert target.get(url).status_code == 404, url
    posted = web.post(f"/cooperation/cases/{case.pk}/messages/", {"body": "我也想看"})
    assert posted.status_code == 404
    assert api.post(f"/api/cases/{case.pk}/messages/", {"body": "x"}).status_code == 404
    assert web.post(f"/cooperation/cases/{case.pk}/meetings/", {"title": "x"}).status_code == 404
    with pytest.raises(services.CaseNotVisible):
        services.post_case_message(outsider, case.pk, "x")
    assert CaseMessage.objects.filter(case=case).count() == 1
    # The same page for a party, for contrast
    assert _web(workspace.users["expert"]).get(f"/cooperation/cases/{case.pk}/").status_code == 200


def test_attachments_are_typed_by_content_and_served_to_parties(workspace: Workspace) -> None:
    case = workspace.case
    api = _api(workspace.users["expert"])
    # When the expert posts a PDF through the API
    created = api.post(
        f"/api/cases/{case.pk}/messages/",
        {"body": "测试报告见附件", "attachment": SimpleUploadedFile("report.pdf", PDF)},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    assert_matches_schema(f"/api/cases/{case.pk}/messages/", "post", 201, created.json())
    assert created.json()["attachment_content_type"] == "application/pdf"
    # Then the enterprise downloads it, as a download, typed by its content
    download = _web(workspace.users["enterprise"]).get(created.json()["attachment_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    listed = api.get(f"/api/cases/{case.pk}/messages/")
    assert_matches_schema(f"/api/cases/{case.pk}/messages/", "get", 200, listed.json())
    # And a file whose content is not what its name says is refused, and nothing is stored
    web = _web(workspace.users["enterprise"])
    url = f"/cooperation/cases/{case.pk}/messages/"

    def program() -> dict[str, Any]:
        return {
            "body": "程序",
            "attachment": SimpleUploadedFile("tool.pdf", b"MZ\x90\x00" + b"\x00" * 64),
        }

    refused = web.post(url, program(), HTTP_HX_REQUEST="true")
    # (the thread with the form and its error, which htmx swaps in)
    assert refused.status_code == 200
    assert "不支持文件" in refused.content.decode()
    assert "程序</textarea>" in refused.content.decode()
    # Without htmx: back to the case page, with the error
    followed = web.post(url, program(), follow=True)
    assert followed.redirect_chain[-1][0].endswith(f"/cooperation/cases/{case.pk}/#thread")
    assert "不支持文件" in followed.content.decode()
    assert CaseMessage.objects.filter(case=case).count() == 1


def test_a_meeting_invites_the_parties_with_a_calendar_file(
    workspace: Workspace, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    case = workspace.case
    starts = (timezone.localtime() + dt.timedelta(days=5)).replace(
        hour=14, minute=30, second=0, microsecond=0
    )
    # When headquarters schedule a meeting on the case page
    with django_capture_on_commit_callbacks(execute=True):
        answer = _web(workspace.users["hq"]).post(
            f"/cooperation/cases/{case.pk}/meetings/",
            {
                "title": "样件评审会",
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": 90,
                "location": "江苏省产业技术研究院 3 号会议室",
                "online_url": "https://meet.example.org/abc",
            },
        )
    assert answer.status_code == 302
    meeting = CaseMeeting.objects.get(case=case)
    assert meeting.starts_at == starts
    # Then the page lists it as upcoming with its calendar file
    page = _web(workspace.users["enterprise"]).get(f"/cooperation/cases/{case.pk}/").content
    assert "样件评审会" in page.decode()
    assert f"/meetings/{meeting.pk}/invitation.ics" in page.decode()
    # And the .ics parses, with the meeting's times and a stable UID
    ics = _web(workspace.users["expert"]).get(
        f"/cooperation/cases/{case.pk}/meetings/{meeting.pk}/invitation.ics"
    )
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") == starts + dt.timedelta(minutes=90)
    assert str(event["summary"]) == "样件评审会"
    uid = str(event["uid"])
    assert uid == f"{meeting.calendar_uid}@techbridge"
    # And the other parties are told once, by an e-mail carrying the same event
    told = Notification.objects.filter(kind="case_meeting")
    assert {n.recipient.username for n in told} == {"ws-ent", "ws-expert"}
    with translation.override("en"):
        assert told[0].shown_title.startswith("Meeting invitation: 样件评审会")
    invitations = [m for m in mailoutbox if "样件评审会" in m.subject]
    assert sorted(m.to[0] for m in invitations) == ["ws-ent@example.org", "ws-expert@example.org"]
    for mail in invitations:
        (name, content, mimetype) = mail.attachments[0]
        assert name.endswith(".ics") and mimetype.startswith("text/calendar")
        invited = icalendar.Calendar.from_ical(content)
        assert str(invited["method"]) == "REQUEST"
        invited_event = invited.walk("VEVENT")[0]
        assert str(invited_event["uid"]) == uid
        assert invited_event.decoded("dtstart") == starts
    # A second run of the invitation (a retried job) sends nothing new
    from techbridge.notifications.services import meeting_scheduled

    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_scheduled(meeting) == []
    assert len([m for m in mailoutbox if "样件评审会" in m.subject]) == 2
    # The API lists it against its schema
    listed = _api(workspace.users["enterprise"]).get(f"/api/cases/{case.pk}/meetings/")
    assert_matches_schema(f"/api/cases/{case.pk}/meetings/", "get", 200, listed.json())
    assert listed.json()[0]["invitation_url"].endswith("invitation.ics")


def test_a_meeting_needs_a_place_and_a_future_start(workspace: Workspace) -> None:
    api = _api(workspace.users["enterprise"])
    url = f"/api/cases/{workspace.case.pk}/meetings/"
    soon = (timezone.now() + dt.timedelta(days=1)).isoformat()
    nowhere = api.post(url, {"title": "会", "starts_at": soon}, format="json")
    assert nowhere.status_code == 400
    past = (timezone.now() - dt.timedelta(days=1)).isoformat()
    late = api.post(url, {"title": "会", "starts_at": past, "location": "线下"}, format="json")
    assert late.status_code == 400
    assert not CaseMeeting.objects.filter(case=workspace.case).exists()
    made = api.post(url, {"title": "会", "starts_at": soon, "location": "线下"}, format="json")
    assert made.status_code == 201
    assert_matches_schema(url, "post", 201, made.json())


@pytest.mark.parametrize("kind", ["nda", "contract"])
def test_documents_name_the_parties_and_not_the_confidential_title(
    workspace: Workspace, kind: str
) -> None:
    case = workspace.case
    answer = _web(workspace.users["enterprise"]).get(
        f"/cooperation/cases/{case.pk}/documents/{kind}/"
    )
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment")
    document = docx.Document(io.BytesIO(answer.content))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert workspace.enterprise.name_zh in text
    assert workspace.expert.name_zh in text
    assert workspace.expert.organisation.name_zh in text
    assert f"C{case.pk:05d}" in text
    assert timezone.localdate().isoformat() in text
    # The documents go to both parties: the staff-only need is named by its field
    assert workspace.need.title not in text
    assert workspace.need.technology_field.name_zh in text
    assert "{{" not in text and "{%" not in text


def test_a_stalled_case_is_reminded_to_its_owner_once(workspace: Workspace) -> None:
    case = workspace.case
    now = timezone.now()
    # Given a case that has waited at its introduction for 40 days
    CooperationCase.objects.filter(pk=case.pk).update(stage_since=now - dt.timedelta(days=40))
    Notification.objects.filter(kind="stalled_case").delete()
    # When the reminders run twice
    notify_stalled_cases(now)
    notify_stalled_cases(now + dt.timedelta(hours=1))

    # Then its owner is reminded once, and nobody else
    def reminders() -> list[Notification]:
        return list(Notification.objects.filter(kind="stalled_case", url__contains=f"/{case.pk}/"))

    assert [n.recipient.username for n in reminders()] == ["ws-hq"]
    with translation.override("en"):
        assert "has been “Introduced” for 40 days" in reminders()[0].shown_body
    # And a case that moves on and stalls again is reminded again
    services.move_case(workspace.users["hq"], case, "in_contact")
    CooperationCase.objects.filter(pk=case.pk).update(stage_since=now - dt.timedelta(days=35))
    notify_stalled_cases(now)
    assert len(reminders()) == 2
    # While a case that stalled long ago (before the last period) is not reminded
    CooperationCase.objects.filter(pk=case.pk).update(stage_since=now - dt.timedelta(days=400))
    notify_stalled_cases(now)
    assert len(reminders()) == 2


def test_the_demo_enterprise_finds_conversations_and_meetings_on_its_cases() -> None:
    from django.contrib.auth import get_user_model

    enterprise = get_user_model().objects.get(username="enterprise")
    thread = CaseMessage.objects.filter(
        case__need__enterprise__memberships__user=enterprise
    ).select_related("case")
    assert thread.count() >= 4
    case = thread[0].case
    page = _web(enterprise).get(f"/cooperation/cases/{case.pk}/").content.decode()
    assert "保密协议已按平台模板生成" in page
    assert CaseMeeting.objects.get(case=case).title in page


def test_a_meeting_far_in_the_future_is_refused(workspace: Workspace) -> None:
    with pytest.raises(services.CooperationError, match="五年"):
        services.schedule_meeting(
            workspace.users["hq"],
            workspace.case.pk,
            title="远期会议",
            starts_at=timezone.now() + dt.timedelta(days=9 * 365),
            duration_minutes=60,
            location="总部",
        )
