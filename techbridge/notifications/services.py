"""Who hears of what: notifications in the platform and by e-mail, in Chinese and English.

Signals (``signals.py``) and the ``notify_overdue`` command call these functions. A message
about a need names it only to people who read that need in full; people who see just its
public summary get a neutral text, and people who cannot see it at all get nothing.
E-mails leave after the transaction commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from techbridge.cooperation.choices import CaseStage
from techbridge.cooperation.invitations import meeting_calendar, meeting_filename
from techbridge.cooperation.models import (
    CaseMeeting,
    CaseMessage,
    CaseStageChange,
    ContractMilestone,
    CooperationCase,
    CooperationContract,
)
from techbridge.cooperation.services import (
    CooperationError,
    overdue_milestones,
    resource_label,
    stalled_cases,
)
from techbridge.cooperation.visibility import visible_cases_for
from techbridge.core import jobs
from techbridge.core.choices import Role
from techbridge.matching.choices import DecisionAction, ResourceType
from techbridge.matching.models import MatchDecision
from techbridge.needs.choices import NeedEventKind
from techbridge.needs.models import NeedEvent, TechnologyNeed
from techbridge.needs.visibility import NeedAudience

from .choices import NotificationKind
from .messages import Phrase
from .models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

logger = logging.getLogger(__name__)

#: Every message carries a Chinese line, then an English one.
LANGUAGES = ("zh-hans", "en")
SUBJECT_PREFIX = "[TechBridge]"


def _bilingual_phrase(phrase: Phrase) -> str:
    """The Chinese line, then the English line (once, where they are the same): for e-mails
    and the stored plain text, whose reader's language is not known."""
    zh, en = (phrase.render(language) for language in LANGUAGES)
    return zh if zh == en else f"{zh}\n{en}"


Text = Phrase | str | Promise

NEUTRAL_TITLE = Phrase(_("您关注的一项技术需求有新进展"))
NEUTRAL_BODY = Phrase(_("请登录平台查看详情。"))


def _phrase(text: Text) -> Phrase:
    return text if isinstance(text, Phrase) else Phrase(text)


def _bilingual(text: Text) -> str:
    return _bilingual_phrase(_phrase(text))


def _path(viewname: str, *args: object) -> str:
    """A page's path in the default language (no prefix); the reader's language is added later."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(viewname, args=args)


def _email_of(user: AbstractBaseUser) -> str:
    return str(getattr(user, user.get_email_field_name(), "") or "")


def _active_once(recipients: Iterable[AbstractBaseUser | None]) -> list[AbstractBaseUser]:
    seen: set[object] = set()
    users = []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        users.append(user)
    return users


def _email(user: AbstractBaseUser, notification: Notification) -> EmailMessage:
    subject = " / ".join(notification.title.splitlines())
    parts = [notification.title, notification.body, f"{settings.SITE_URL}{notification.url}"]
    return EmailMessage(
        subject=f"{SUBJECT_PREFIX} {subject}",
        body="\n\n".join(part for part in parts if part.strip()) + "\n",
        to=[_email_of(user)],
    )


def send_emails(notification_ids: list[int], meeting_id: int | None = None) -> int:
    """The job that e-mails notifications (links made absolute with ``SITE_URL``); with
    ``meeting_id``, each e-mail carries that case meeting's calendar invitation (.ics).

    Each notification is e-mailed once: it is marked sent in the same transaction that sends
    it, and a run after a failure or a kill sends only what is left. An unreachable mail
    server fails the job, which the queue runs again after a back-off. An invitation that
    does reach someone twice names the same event (its UID), which their calendar updates."""
    meeting = (
        CaseMeeting.objects.select_related("case", "organiser").filter(pk=meeting_id).first()
        if meeting_id is not None
        else None
    )
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update()
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if notification is None or not _email_of(notification.recipient):
                continue
            email = _email(notification.recipient, notification)
            if meeting is not None:
                _attach_invitation(email, meeting, _email_of(notification.recipient))
            get_connection().send_messages([email])
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent


def _attach_invitation(email: EmailMessage, meeting: CaseMeeting, attendee: str) -> None:
    organiser = _email_of(meeting.organiser) if meeting.organiser else ""
    calendar = meeting_calendar(
        meeting,
        method="REQUEST",
        organiser_email=organiser or settings.DEFAULT_FROM_EMAIL,
        attendee_emails=(attendee,),
    )
    email.attach(
        meeting_filename(meeting), calendar, "text/calendar; method=REQUEST; charset=utf-8"
    )


def notify(
    recipients: Iterable[AbstractBaseUser | None],
    kind: str,
    title: Text,
    body: Text,
    url: str,
    dedupe_key: str = "",
    email_options: dict[str, Any] | None = None,
) -> list[Notification]:
    """Notify each active recipient once, in the platform and (after commit) by e-mail.

    With a ``dedupe_key`` a recipient who already has a notification with that key is
    skipped, so a reminder is sent once however often the job runs. ``email_options`` are
    passed to :func:`send_emails` (a meeting's invitation to attach).
    """
    title_text = Truncator(_bilingual(title)).chars(300)
    body_text = _bilingual(body)
    message = {"title": _phrase(title).as_message(), "body": _phrase(body).as_message()}
    created: list[Notification] = []
    to_email: list[int] = []
    with transaction.atomic():
        for user in _active_once(recipients):
            fields = {
                "kind": kind,
                "title": title_text,
                "body": body_text,
                "url": url,
                "message": message,
            }
            if dedupe_key:
                notification, is_new = Notification.objects.get_or_create(
                    recipient_id=user.pk, dedupe_key=dedupe_key, defaults=fields
                )
                if not is_new:
                    continue
            else:
                notification = Notification.objects.create(recipient_id=user.pk, **fields)
            created.append(notification)
            if _email_of(user):
                to_email.append(notification.pk)
        if to_email:
            jobs.enqueue(
                "techbridge.notifications.services.send_emails",
                to_email,
                name="email",
                **(email_options or {}),
            )
    return created


def notify_about_need(
    recipients: Iterable[AbstractBaseUser | None],
    need: TechnologyNeed,
    kind: str,
    *,
    title: Text,
    body: Text,
    url: str,
    dedupe_key: str = "",
    summary_title: Text = NEUTRAL_TITLE,
    summary_body: Text = NEUTRAL_BODY,
    summary_url: str = "",
    email_options: dict[str, Any] | None = None,
) -> list[Notification]:
    """Notify about a need: full text to its full readers, a neutral one to summary readers.

    ``title``, ``body`` and ``url`` may name the need and its content; recipients who do
    not read the need in full get ``summary_title`` and ``summary_body`` (by default
    :data:`NEUTRAL_TITLE`) with ``summary_url`` (by default the need's page), which must not
    name it; recipients who cannot see the need at all are left out.
    """
    named_viewer_ids = set(need.named_viewers.values_list("pk", flat=True))
    full_readers, summary_readers = [], []
    for user in _active_once(recipients):
        if not TechnologyNeed.objects.visible_to(user).filter(pk=need.pk).exists():
            continue
        if NeedAudience.of(user).sees_full_text(need, named_viewer_ids):
            full_readers.append(user)
        else:
            summary_readers.append(user)
    created = notify(full_readers, kind, title, body, url, dedupe_key, email_options)
    neutral_url = summary_url or _path("needs:detail", need.pk)
    created += notify(
        summary_readers,
        kind,
        summary_title,
        summary_body,
        neutral_url,
        dedupe_key,
        email_options,
    )
    return created


def users_with_role(role: str, organisation_id: int | None = None) -> QuerySet[AbstractBaseUser]:
    """Active users holding an active membership with ``role`` (at one organisation, if given)."""
    memberships = {"memberships__role": role, "memberships__is_active": True}
    if organisation_id is not None:
        memberships["memberships__organisation_id"] = organisation_id
    return get_user_model().objects.filter(is_active=True, **memberships).distinct()


def enterprise_users(need: TechnologyNeed) -> QuerySet[AbstractBaseUser]:
    return users_with_role(Role.ENTERPRISE_USER, need.enterprise_id)


def _short(text: str) -> str:
    return Truncator(text).chars(80)


def _except_actor(
    users: Iterable[AbstractBaseUser | None], actor_id: int | None
) -> list[AbstractBaseUser]:
    return [user for user in users if user is not None and user.pk != actor_id]


def case_stage_changed(change: CaseStageChange) -> list[Notification]:
    """A case moved: the need's enterprise users and the case owner hear of it (not the actor).

    A case's first record (it was opened by an introduction) is announced as a new match.
    """
    if not change.from_stage:
        return introduction_made(change)
    case: CooperationCase = change.case
    need = case.need
    recipients = _except_actor([*enterprise_users(need), case.owner], change.actor_id)
    params = {
        "need": _short(need.title),
        "resource": case.resource_name,
        "from": CaseStage(change.from_stage).label,
        "to": CaseStage(change.to_stage).label,
    }
    body = Phrase(_("“%(need)s”与“%(resource)s”的对接由“%(from)s”进入“%(to)s”。"), params)
    if change.note:
        body = Phrase(
            _("“%(need)s”与“%(resource)s”的对接由“%(from)s”进入“%(to)s”。说明：%(note)s"),
            {**params, "note": change.note},
        )
    return notify_about_need(
        recipients,
        need,
        NotificationKind.STAGE_CHANGE,
        title=Phrase(_("对接项目进入“%(to)s”阶段：%(need)s"), params),
        body=body,
        url=_path("cooperation:case", case.pk),
    )


def resource_users(case: CooperationCase) -> list[AbstractBaseUser]:
    """Who answers for an introduced resource: the expert's account, or the staff of the
    institute that would take the work on."""
    if case.resource_type == "expert":
        return list(
            get_user_model().objects.filter(
                is_active=True, expert_profile__pk=int(case.resource_id)
            )
        )
    if case.institute_id is not None:
        return list(users_with_role(Role.INSTITUTE_STAFF, case.institute_id))
    return []


def introduction_made(change: CaseStageChange) -> list[Notification]:
    """A case was opened by an introduction: the introduced expert or institute staff hear
    of it and are asked to answer in their workspace. Those who read the need in full read
    its title; those who read its summary only get a message without it; those who cannot
    see the need hear nothing."""
    case: CooperationCase = change.case
    params = {"need": _short(case.need.title), "resource": case.resource_name}
    home = _path("home")
    return notify_about_need(
        _except_actor(resource_users(case), change.actor_id),
        case.need,
        NotificationKind.NEW_MATCH,
        title=Phrase(_("新的需求引荐给您：%(need)s"), params),
        body=Phrase(_("需求“%(need)s”已引荐给“%(resource)s”。请在工作台接受或婉拒。"), params),
        url=home,
        summary_title=Phrase(_("有一项技术需求引荐给您")),
        summary_body=Phrase(
            _("一项技术需求已引荐给“%(resource)s”。请在工作台查看需求摘要，并接受或婉拒。"),
            {"resource": case.resource_name},
        ),
        summary_url=home,
    )


def case_parties(case: CooperationCase) -> list[AbstractBaseUser]:
    """The people of a case's workspace: its owner (headquarters staff where it has none),
    the need's enterprise users and the introduced resource's users."""
    brokers = [case.owner] if case.owner is not None else list(users_with_role(Role.HQ_STAFF))
    return _active_once([*brokers, *enterprise_users(case.need), *resource_users(case)])


def case_readers(
    case: CooperationCase, users: Iterable[AbstractBaseUser]
) -> list[AbstractBaseUser]:
    """Those of ``users`` who see the case (``cooperation.visibility``, the one rule): what
    is said in a case reaches nobody who could not open it."""
    one = CooperationCase.objects.filter(pk=case.pk)
    return [user for user in users if visible_cases_for(one, NeedAudience.of(user)).exists()]


def _person(user: AbstractBaseUser | None) -> str:
    """A name as Chinese writes it (陈伟), or the username: a parameter of a stored message."""
    if user is None:
        return "—"
    first = str(getattr(user, "first_name", "") or "").strip()
    last = str(getattr(user, "last_name", "") or "").strip()
    if not (first or last):
        return str(user.get_username())
    return (
        f"{last}{first}"
        if any("\u4e00" <= ch <= "\u9fff" for ch in last + first)
        else (f"{first} {last}".strip())
    )


CASE_SUMMARY_TITLE = Phrase(_("您参与的对接项目有新动态"))


def case_message_posted(message: CaseMessage) -> list[Notification]:
    """A message in a case's thread: the case's other parties who see the case hear of it,
    each through the need's projection (full readers read the need's title and the message's
    beginning; anyone else would read a neutral line)."""
    case = message.case
    need = case.need
    recipients = case_readers(case, _except_actor(case_parties(case), message.author_id))
    params = {
        "author": _person(message.author),
        "need": _short(need.title),
        "resource": case.resource_name,
        "excerpt": _short(message.body),
    }
    return notify_about_need(
        recipients,
        need,
        NotificationKind.CASE_MESSAGE,
        title=Phrase(_("对接项目有新留言：%(resource)s"), params),
        body=Phrase(_("%(author)s 在“%(need)s”与“%(resource)s”的对接中留言：%(excerpt)s"), params),
        url=f"{_path('cooperation:case', case.pk)}#thread",
        summary_title=CASE_SUMMARY_TITLE,
        summary_url=_path("home"),
    )


def meeting_key(meeting: CaseMeeting) -> str:
    return f"meeting:{meeting.pk}"


def meeting_scheduled(meeting: CaseMeeting) -> list[Notification]:
    """A case meeting was scheduled: the case's other parties who see the case are told in the
    platform and by an e-mail carrying the calendar invitation (once per meeting and person)."""
    case = meeting.case
    need = case.need
    recipients = case_readers(case, _except_actor(case_parties(case), meeting.organiser_id))
    starts = timezone.localtime(meeting.starts_at)
    params = {
        "title": meeting.title,
        "need": _short(need.title),
        "resource": case.resource_name,
        "start": f"{starts:%Y-%m-%d %H:%M}",
        "minutes": meeting.duration_minutes,
        "place": meeting.location or meeting.online_url,
    }
    return notify_about_need(
        recipients,
        need,
        NotificationKind.CASE_MEETING,
        title=Phrase(_("对接会议邀请：%(title)s（%(start)s）"), params),
        body=Phrase(
            _(
                "“%(need)s”与“%(resource)s”的对接会议“%(title)s”定于 %(start)s 召开，"
                "时长 %(minutes)s 分钟，地点：%(place)s。日历邀请见邮件附件或对接项目页面。"
            ),
            params,
        ),
        url=f"{_path('cooperation:case', case.pk)}#meetings",
        dedupe_key=meeting_key(meeting),
        summary_title=CASE_SUMMARY_TITLE,
        summary_url=_path("home"),
        email_options={"meeting_id": meeting.pk},
    )


def stalled_key(case: CooperationCase) -> str:
    """One reminder per case and stage entry: a case that moves and stalls again is reminded
    again, a case that stays where it is only once."""
    return f"stalled:{case.pk}:{case.stage}:{int(case.stage_since.timestamp())}"


def notify_stalled_cases(now: dt.datetime | None = None) -> int:
    """Remind the owner of each case that has been brokered in one stage for longer than
    ``CASE_STALLED_DAYS`` (headquarters staff, for a case without an owner). Each reminder
    is sent once per case, stage entry and person (its ``dedupe_key``), so the job may run
    every hour. Cases that stalled more than ``CASE_STALLED_DAYS`` days before that were
    reminded then (or predate the platform) and are left out. Returns the number of
    notifications created."""
    now = now or timezone.now()
    after = dt.timedelta(days=settings.CASE_STALLED_DAYS)
    cases = (
        stalled_cases(now, after)
        .filter(stage_since__gt=now - 2 * after)
        .select_related("need__jic", "owner")
    )
    hq_staff: list[AbstractBaseUser] | None = None
    sent = 0
    for case in cases:
        candidates: list[AbstractBaseUser]
        if case.owner is not None and case.owner.is_active:
            candidates = [case.owner]
        else:
            if hq_staff is None:
                hq_staff = list(users_with_role(Role.HQ_STAFF))
            candidates = hq_staff
        key = stalled_key(case)
        already = set(
            Notification.objects.filter(dedupe_key=key).values_list("recipient_id", flat=True)
        )
        recipients = case_readers(case, [u for u in candidates if u.pk not in already])
        if not recipients:
            continue
        params = {
            "need": _short(case.need.title),
            "resource": case.resource_name,
            "stage": CaseStage(case.stage).label,
            "days": (now - case.stage_since).days,
        }
        sent += len(
            notify_about_need(
                recipients,
                case.need,
                NotificationKind.STALLED_CASE,
                title=Phrase(_("对接停滞：%(resource)s"), params),
                body=Phrase(
                    _(
                        "“%(need)s”与“%(resource)s”的对接已在“%(stage)s”阶段停留 %(days)s 天，"
                        "请推进或说明原因。"
                    ),
                    params,
                ),
                url=_path("cooperation:case", case.pk),
                dedupe_key=key,
                summary_title=CASE_SUMMARY_TITLE,
                summary_url=_path("home"),
            )
        )
    return sent


def _resource_name(decision: MatchDecision) -> str:
    try:
        return resource_label(decision.resource_type, decision.resource_id)[0]
    except (ObjectDoesNotExist, ValueError, CooperationError):
        return f"{decision.resource_type}:{decision.resource_id}"


def match_introduced(decision: MatchDecision) -> list[Notification]:
    """A match was introduced: the need's enterprise users hear of the new partner."""
    if decision.action != DecisionAction.INTRODUCED:
        return []
    need = decision.need
    params = {
        "need": _short(need.title),
        "type": ResourceType(decision.resource_type).label,
        "resource": _resource_name(decision),
    }
    return notify_about_need(
        _except_actor(enterprise_users(need), decision.actor_id),
        need,
        NotificationKind.NEW_MATCH,
        title=Phrase(_("您的需求有新的引荐：%(need)s"), params),
        body=Phrase(_("已为需求“%(need)s”引荐%(type)s“%(resource)s”，请关注后续对接。"), params),
        url=_path("needs:detail", need.pk),
    )


def need_status_changed(event: NeedEvent) -> list[Notification]:
    """A need was opened for matching or returned for changes: its enterprise users hear of it."""
    need = event.need
    params = {"need": _short(need.title), "reason": event.note}
    if event.kind == NeedEventKind.OPENED:
        title = Phrase(_("您的需求已开放对接：%(need)s"), params)
        body = Phrase(_("需求“%(need)s”已通过审核，开始对接专家和研究所。"), params)
    elif event.kind == NeedEventKind.RETURNED:
        title = Phrase(_("您的需求被退回修改：%(need)s"), params)
        body = Phrase(_("需求“%(need)s”被退回修改。原因：%(reason)s"), params)
    else:
        return []
    return notify_about_need(
        _except_actor(enterprise_users(need), event.actor_id),
        need,
        NotificationKind.NEED_STATUS,
        title=title,
        body=body,
        url=_path("needs:detail", need.pk),
    )


def overdue_key(milestone: ContractMilestone) -> str:
    return f"overdue:{milestone.pk}"


def notify_overdue_milestones(today: dt.date | None = None) -> int:
    """Remind the contractor's institute staff and headquarters staff of overdue milestones.

    Each reminder is sent once per milestone and person (its ``dedupe_key``), so the command
    may run every day. A contract's title repeats its need's, so it is named only to those
    who read the need in full; the others read the contract number and the milestone.
    Only milestones that fell due in the last ``OVERDUE_REMINDER_DAYS`` days are reminded:
    older ones were reminded when they fell due (or predate the platform) and lead the
    contract list, marked overdue. Returns the number of notifications created.
    """
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=settings.OVERDUE_REMINDER_DAYS)
    milestones = (
        overdue_milestones(CooperationContract.objects.all(), today)
        .filter(due_on__gte=since)
        .select_related("contract__need__jic")
    )
    hq_staff = list(users_with_role(Role.HQ_STAFF))
    audiences: dict[object, NeedAudience] = {}
    already = set(
        Notification.objects.filter(
            kind=NotificationKind.OVERDUE_MILESTONE, dedupe_key__startswith="overdue:"
        ).values_list("recipient_id", "dedupe_key")
    )
    staff_by_institute: dict[int, list[AbstractBaseUser]] = {}
    sent = 0
    for milestone in milestones:
        contract = milestone.contract
        key = overdue_key(milestone)
        if contract.contractor_id not in staff_by_institute:
            staff_by_institute[contract.contractor_id] = list(
                users_with_role(Role.INSTITUTE_STAFF, contract.contractor_id)
            )
        recipients = [
            user
            for user in _active_once([*staff_by_institute[contract.contractor_id], *hq_staff])
            if (user.pk, key) not in already
        ]
        if not recipients:
            continue
        full, partial = _split_by_need(recipients, contract.need, audiences)
        params = {
            "number": contract.contract_number,
            "contract": _short(contract.title),
            "milestone": _short(milestone.title),
            "due": milestone.due_on.isoformat(),
            "days": (today - milestone.due_on).days,
        }
        url = _path("cooperation:contract", contract.pk)
        title = Phrase(_("里程碑逾期：%(milestone)s（%(number)s）"), params)
        full_body = Phrase(
            _(
                "合同 %(number)s“%(contract)s”的里程碑“%(milestone)s”应于 %(due)s 完成，"
                "已逾期 %(days)s 天，尚未验收。"
            ),
            params,
        )
        # The contract's title is its need's: only the need's full readers read it.
        partial_body = Phrase(
            _(
                "合同 %(number)s 的里程碑“%(milestone)s”应于 %(due)s 完成，"
                "已逾期 %(days)s 天，尚未验收。"
            ),
            params,
        )
        kind = NotificationKind.OVERDUE_MILESTONE
        sent += len(notify(full, kind, title, full_body, url, key))
        sent += len(notify(partial, kind, title, partial_body, url, key))
    return sent


def _split_by_need(
    users: list[AbstractBaseUser],
    need: TechnologyNeed | None,
    audiences: dict[object, NeedAudience],
) -> tuple[list[AbstractBaseUser], list[AbstractBaseUser]]:
    """Those who read ``need`` in full (everyone, without a need), and the others."""
    if need is None:
        return users, []
    named_viewer_ids = set(need.named_viewers.values_list("pk", flat=True))
    full, partial = [], []
    for user in users:
        if user.pk not in audiences:
            audiences[user.pk] = NeedAudience.of(user)
        if audiences[user.pk].sees_full_text(need, named_viewer_ids):
            full.append(user)
        else:
            partial.append(user)
    return full, partial


def unread_count(user: AbstractBaseUser | AnonymousUser) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def mark_all_read(user: AbstractBaseUser | AnonymousUser) -> int:
    """Mark every unread notification of ``user`` read; returns how many were unread."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now(), updated_at=timezone.now()
    )


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
