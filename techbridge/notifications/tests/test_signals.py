"""Stage changes, introductions and need decisions reach the right people, once."""

from typing import Any

import pytest

from techbridge.cooperation import services as cooperation
from techbridge.cooperation.choices import CaseStage
from techbridge.core.choices import Role
from techbridge.needs import services as needs
from techbridge.needs.choices import Confidentiality, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience
from techbridge.notifications.choices import NotificationKind
from techbridge.notifications.models import Notification
from techbridge.notifications.services import NEUTRAL_TITLE, notify, notify_about_need
from techbridge.organisations.models import Organisation

from .conftest import introduce, open_need

pytestmark = pytest.mark.django_db


def _to(mailoutbox: list[Any], address: str) -> list[Any]:
    return [mail for mail in mailoutbox if address in mail.to]


def test_stage_change_notifies_enterprise_users_but_not_the_actor(
    hq: Any,
    enterprise_user: Any,
    need: TechnologyNeed,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    # Given a case that headquarters opened (and so owns)
    case = introduce(hq, need)
    Notification.objects.filter(recipient__in=[hq, enterprise_user]).delete()
    mailoutbox.clear()

    # When headquarters moves it on
    with django_capture_on_commit_callbacks(execute=True):
        cooperation.move_case(hq, case, CaseStage.IN_CONTACT, note="已约见")

    # Then the enterprise user is told in the platform and by e-mail, and the actor is not
    notification = Notification.objects.get(recipient=enterprise_user)
    assert notification.kind == NotificationKind.STAGE_CHANGE
    assert need.title[:20] in notification.title
    assert "已约见" in notification.body
    assert notification.url.endswith(f"/cooperation/cases/{case.pk}/")
    mails = _to(mailoutbox, "ent-notify@example.org")
    assert len(mails) == 1
    assert mails[0].subject.startswith("[TechBridge] ")
    # with an absolute link, from the configured site address
    assert f"http://127.0.0.1:8000{notification.url}" in mails[0].body
    assert not Notification.objects.filter(recipient=hq).exists()
    assert not _to(mailoutbox, "hq-notify@example.org")


def test_stage_change_notifies_the_case_owner_when_someone_else_moves_it(
    hq: Any, user_factory: Any, need: TechnologyNeed, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a case owned by one headquarters user
    case = introduce(hq, need)
    colleague = user_factory(
        "hq-colleague", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF
    )

    # When a colleague moves it
    with django_capture_on_commit_callbacks(execute=True):
        cooperation.move_case(colleague, case, CaseStage.IN_CONTACT)

    # Then the owner hears of it and the colleague does not
    assert Notification.objects.filter(recipient=hq, kind=NotificationKind.STAGE_CHANGE).exists()
    assert not Notification.objects.filter(recipient=colleague).exists()


def test_nothing_is_sent_when_the_change_rolls_back(
    hq: Any,
    enterprise_user: Any,
    need: TechnologyNeed,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    # Given a case that cannot move backwards
    case = introduce(hq, need)
    cooperation.move_case(hq, case, CaseStage.NEGOTIATING)
    before = Notification.objects.filter(recipient=enterprise_user).count()
    mailoutbox.clear()

    # When a forbidden move fails
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(cooperation.CooperationError),
    ):
        cooperation.move_case(hq, case, CaseStage.IN_CONTACT)

    # Then nobody was notified
    assert Notification.objects.filter(recipient=enterprise_user).count() == before
    assert not mailoutbox


def test_introduction_notifies_the_enterprise_of_a_new_match_once(
    hq: Any, enterprise_user: Any, need: TechnologyNeed, django_capture_on_commit_callbacks: Any
) -> None:
    # When headquarters introduces an institute (which also opens the case)
    with django_capture_on_commit_callbacks(execute=True):
        case = introduce(hq, need)

    # Then the enterprise user gets one "new match" notification naming the institute
    notifications = Notification.objects.filter(recipient=enterprise_user)
    assert [n.kind for n in notifications] == [NotificationKind.NEW_MATCH]
    assert case.resource_name[:10] in notifications[0].body


def test_returned_need_tells_the_enterprise_why(
    hq: Any, user_factory: Any, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    # Given a submitted need and a user of its enterprise
    need = TechnologyNeed.objects.filter(
        status=NeedStatus.SUBMITTED, confidentiality=Confidentiality.STAFF_ONLY, jic__isnull=True
    ).first()
    assert need is not None
    owner = user_factory(
        "ent-returned", need.enterprise, Role.ENTERPRISE_USER, email="ent-r@example.org"
    )

    # When headquarters returns it with a reason
    with django_capture_on_commit_callbacks(execute=True):
        needs.return_need(hq, need, reason="请补充技术指标")

    # Then the enterprise user reads the reason in the platform and by e-mail
    notification = Notification.objects.get(recipient=owner)
    assert notification.kind == NotificationKind.NEED_STATUS
    assert "请补充技术指标" in notification.body
    assert "请补充技术指标" in _to(mailoutbox, "ent-r@example.org")[0].body


def test_restricted_need_title_never_reaches_a_summary_reader(
    hq: Any,
    user_factory: Any,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    # Given a public-summary need whose case is now owned by someone who reads only the summary
    need = open_need(Confidentiality.PUBLIC_SUMMARY)
    case = introduce(hq, need)
    reader = user_factory("summary-reader", email="summary@example.org")
    assert not NeedAudience.of(reader).sees_full_text(need, set())
    case.owner = reader
    case.save(update_fields=["owner"])

    # When the case moves
    with django_capture_on_commit_callbacks(execute=True):
        cooperation.move_case(hq, case, CaseStage.IN_CONTACT)

    # Then the summary reader is told neutrally, with no title, resource or case link
    notification = Notification.objects.get(recipient=reader)
    assert notification.title.splitlines()[0] == NEUTRAL_TITLE.render("zh-hans")
    everything = notification.title + notification.body + notification.url
    assert need.title[:10] not in everything
    assert case.resource_name[:10] not in everything
    assert notification.url.endswith(f"/needs/{need.pk}/")
    mail = _to(mailoutbox, "summary@example.org")[0]
    assert need.title[:10] not in mail.subject + mail.body


def test_people_who_cannot_see_the_need_are_not_notified(
    hq: Any, user_factory: Any, need: TechnologyNeed, mailoutbox: list[Any]
) -> None:
    # Given a staff-only need and a signed-in user outside the network staff
    outsider = user_factory("outsider", email="outsider@example.org")
    assert not TechnologyNeed.objects.visible_to(outsider).filter(pk=need.pk).exists()

    # When someone notifies them about it
    created = notify_about_need(
        [outsider, hq],
        need,
        NotificationKind.NEED_STATUS,
        title=need.title,
        body=need.description,
        url="/",
    )

    # Then only the full reader gets it, with the title
    assert [n.recipient_id for n in created] == [hq.pk]
    assert need.title in created[0].title
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_notify_without_email_address_still_stores_the_notification(
    user_factory: Any, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    # Given a user without an e-mail address and one inactive user
    silent = user_factory("no-mail")
    gone = user_factory("gone", email="gone@example.org", is_active=False)

    # When both are notified
    with django_capture_on_commit_callbacks(execute=True):
        created = notify([silent, gone], NotificationKind.NEED_STATUS, "标题", "内容", "/")

    # Then the active one has it in the platform and no e-mail goes anywhere
    assert [n.recipient_id for n in created] == [silent.pk]
    assert not mailoutbox


def test_dedupe_key_notifies_once(user_factory: Any) -> None:
    # Given a user reminded once
    user = user_factory("dedupe")
    assert notify([user], NotificationKind.OVERDUE_MILESTONE, "提醒", "", "/", "overdue:x")

    # When the same reminder is sent again
    again = notify([user], NotificationKind.OVERDUE_MILESTONE, "提醒", "", "/", "overdue:x")

    # Then nothing new is stored
    assert again == []
    assert Notification.objects.filter(recipient=user, dedupe_key="overdue:x").count() == 1


def test_a_notification_reads_in_the_readers_language_only(
    hq: Any, enterprise_user: Any, need: TechnologyNeed, client: Any
) -> None:
    # Given a stage change told to the enterprise (a message with a translated stage label)
    case = introduce(hq, need)
    Notification.objects.filter(recipient=enterprise_user).delete()
    cooperation.move_case(hq, case, CaseStage.NEGOTIATING, note="已约见")
    notification = Notification.objects.get(recipient=enterprise_user)
    # it is stored as a message key with parameters, the stage as a key of its own
    title = notification.message["title"]
    assert title["msgid"] == "对接项目进入“%(to)s”阶段：%(need)s"
    assert title["params"]["to"] == {"msgid": "谈判中"}

    client.force_login(enterprise_user)
    chinese = client.get("/notifications/").content.decode()
    english = client.get("/en/notifications/").content.decode()
    # Each page shows it once, in its own language
    assert "进入“谈判中”阶段" in chinese and "negotiating" not in chinese.lower()
    assert "进入“谈判中”阶段" not in english and "Negotiating" in english
    # E-mails, whose reader's language is unknown, carry both lines
    assert "谈判中" in notification.title and "Negotiating" in notification.title
