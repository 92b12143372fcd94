"""An introduction is a handshake: the introduced expert (or the institute's staff) is told,
in the app and by e-mail, and accepts or declines with a reason from their workspace; the
answer moves the case, lands in the need's history and reaches the enterprise and the case
owner. Only the introduced resource answers, once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from techbridge.accounts.models import Membership
from techbridge.cooperation.choices import CaseStage, IntroductionAnswer
from techbridge.cooperation.models import CooperationCase
from techbridge.cooperation.services import open_case
from techbridge.needs.choices import Confidentiality, NeedEventKind, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.notifications.models import Notification
from techbridge.people.models import Expert

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _open_need(**filters: object) -> TechnologyNeed:
    need = (
        TechnologyNeed.objects.filter(status=NeedStatus.OPEN, **filters)
        .exclude(public_summary="")
        .order_by("pk")
        .first()
    )
    assert need is not None
    return need


def test_an_expert_is_told_of_an_introduction_and_accepts_it(
    django_capture_on_commit_callbacks: object,
) -> None:
    expert = Expert.objects.get(user__username="expert")
    need = _open_need(confidentiality=Confidentiality.PUBLIC_SUMMARY)
    hq = get_user_model().objects.get(username="hq")
    case = open_case(hq, need, "expert", str(expert.pk))

    # The expert is notified; reading only the summary, without the need's title
    told = Notification.objects.get(recipient__username="expert", kind="new_match")
    assert need.title not in told.title + told.body and told.url == "/"
    assert "接受或婉拒" in told.body

    # The answer form is on the expert's workspace
    home = _client("expert").get("/").content.decode()
    assert f"/cooperation/cases/{case.pk}/answer/" in home

    answered = _client("expert").post(f"/cooperation/cases/{case.pk}/answer/", {"answer": "accept"})
    assert answered.status_code == 302
    case.refresh_from_db()
    assert case.answer == IntroductionAnswer.ACCEPTED and case.stage == CaseStage.IN_CONTACT
    assert case.answered_by is not None and case.answered_by.username == "expert"
    # The need's history says who accepted
    event = need.events.filter(kind=NeedEventKind.INTRODUCTION_ACCEPTED).get()
    assert expert.name_zh in event.note
    # The case owner hears that the case moved
    assert Notification.objects.filter(
        recipient=hq, kind="stage_change", url=f"/cooperation/cases/{case.pk}/"
    ).exists()

    # Answered once
    again = _client("expert").post(
        f"/cooperation/cases/{case.pk}/answer/", {"answer": "decline", "note": "没空"}, follow=True
    )
    assert "已于" in again.content.decode()
    case.refresh_from_db()
    assert case.answer == IntroductionAnswer.ACCEPTED


def test_an_institute_declines_with_a_reason_and_the_enterprise_sees_it() -> None:
    institute = Membership.objects.get(user__username="institute").organisation_id
    need = _open_need(confidentiality=Confidentiality.PUBLIC_SUMMARY)
    case = open_case(get_user_model().objects.get(username="hq"), need, "institute", str(institute))
    staff = _client("institute")
    # A decline without a reason is refused and changes nothing
    refused = staff.post(
        f"/cooperation/cases/{case.pk}/answer/", {"answer": "decline", "note": "  "}, follow=True
    )
    assert "请说明原因" in refused.content.decode()
    case.refresh_from_db()
    assert case.answer == IntroductionAnswer.PENDING and case.stage == CaseStage.INTRODUCED
    assert not need.events.filter(kind=NeedEventKind.INTRODUCTION_DECLINED).exists()

    staff.post(
        f"/cooperation/cases/{case.pk}/answer/",
        {"answer": "decline", "note": "本所今年产能已满"},
    )
    case.refresh_from_db()
    assert case.answer == IntroductionAnswer.DECLINED and case.stage == CaseStage.LOST
    assert case.lost_reason == "本所今年产能已满"
    event = need.events.get(kind=NeedEventKind.INTRODUCTION_DECLINED)
    assert "本所今年产能已满" in event.note
    # The enterprise reads the answer in its need's history
    owner = get_user_model().objects.create_user("need-owner", password="x-Long-pass-2026")
    Membership.objects.create(
        user=owner, organisation_id=need.enterprise_id, role="enterprise_user"
    )
    enterprise = Client()
    enterprise.force_login(owner)
    assert "本所今年产能已满" in enterprise.get(f"/needs/{need.pk}/").content.decode()


def test_only_the_introduced_resource_answers() -> None:
    expert = Expert.objects.get(user__username="expert")
    need = _open_need(confidentiality=Confidentiality.PUBLIC_SUMMARY)
    case = open_case(get_user_model().objects.get(username="hq"), need, "expert", str(expert.pk))
    for other in ("enterprise2", "hq"):
        answer = _client(other).post(f"/cooperation/cases/{case.pk}/answer/", {"answer": "accept"})
        assert answer.status_code == 404, other
    # The staff of the expert's institute see the introduction, but the expert answers
    staff = _client("institute")
    assert f"/cooperation/cases/{case.pk}/answer/" not in staff.get("/").content.decode()
    refused = staff.post(f"/cooperation/cases/{case.pk}/answer/", {"answer": "accept"}, follow=True)
    assert "只有被引荐的专家或研究所" in refused.content.decode()
    case.refresh_from_db()
    assert case.answer == IntroductionAnswer.PENDING
    assert CooperationCase.objects.filter(pk=case.pk, stage=CaseStage.INTRODUCED).exists()
