"""The cooperation pipeline: cases from introduction to acceptance, and the contracts they reach.

Cases are records of a need, so who may see them follows the need's visibility rule (full
readers only); headquarters staff and the need's JIC managers move them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.core.sequences import next_value
from techbridge.core.uploads import check_upload
from techbridge.institutes.models import ResearchInstitute
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.services import (
    MAX_ATTACHMENT_BYTES,
    can_triage,
    mark_contracted,
    mark_matched,
    record_introduction_answer,
)
from techbridge.needs.visibility import NeedAudience
from techbridge.organisations.models import OverseasPartner
from techbridge.people.models import Expert

from .choices import STAGE_ORDER, CaseStage, ContractStatus, IntroductionAnswer
from .models import (
    CaseMeeting,
    CaseMessage,
    CaseStageChange,
    ContractMilestone,
    ContractPayment,
    CooperationCase,
    CooperationContract,
)
from .signals import contract_recorded
from .visibility import may_answer_introduction, visible_cases_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


class CooperationError(Exception):
    """A step that may not be taken; the message is translated."""


def visible_cases(user: User) -> QuerySet[CooperationCase]:
    """Cases the user may see (``visibility.py``: parties who read the need in full)."""
    return visible_cases_for(CooperationCase.objects.all(), NeedAudience.of(user))


def resource_label(resource_type: str, resource_id: str) -> tuple[str, ResearchInstitute | None]:
    """A resource's display name (in the active language) and the institute that would
    contract for it."""
    pk = int(resource_id)
    if resource_type == "expert":
        expert = Expert.objects.select_related("organisation").get(pk=pk)
        institute = ResearchInstitute.objects.filter(pk=expert.organisation_id).first()
        if translation.get_language() == "en":
            return f"{expert.name} ({expert.organisation})", institute
        return f"{expert.name}（{expert.organisation}）", institute
    if resource_type == "institute":
        institute = ResearchInstitute.objects.get(pk=pk)
        return institute.name, institute
    if resource_type == "achievement":
        item = TechnologicalAchievement.objects.select_related("owner").get(pk=pk)
        return item.title, ResearchInstitute.objects.filter(pk=item.owner_id).first()
    if resource_type == "partner":
        return OverseasPartner.objects.get(pk=pk).name, None
    raise CooperationError(_("未知的资源类型。"))


def resource_names(
    resource_type: str, resource_id: str
) -> tuple[str, str, ResearchInstitute | None]:
    """A resource's name in Chinese and in English, and the institute that would contract
    for it (a case keeps both names: the resource may later be renamed or removed)."""
    with translation.override("zh-hans"):
        name_zh, institute = resource_label(resource_type, resource_id)
    with translation.override("en"):
        name_en, _institute = resource_label(resource_type, resource_id)
    return name_zh, name_en if name_en != name_zh else "", institute


def _change(case: CooperationCase, user: User, before: str, note: str = "") -> None:
    CaseStageChange.objects.create(
        case=case, from_stage=before, to_stage=case.stage, note=note, actor_id=user.pk
    )


@transaction.atomic
def open_case(
    user: User, need: TechnologyNeed, resource_type: str, resource_id: str
) -> CooperationCase:
    """An introduction starts a case (once per need and resource)."""
    existing = CooperationCase.objects.filter(
        need=need, resource_type=resource_type, resource_id=resource_id
    ).first()
    if existing is not None:
        return existing
    name, name_en, institute = resource_names(resource_type, resource_id)
    case = CooperationCase.objects.create(
        need=need,
        resource_type=resource_type,
        resource_id=resource_id,
        resource_name=name[:300],
        resource_name_en=name_en[:300],
        institute=institute,
        stage=CaseStage.INTRODUCED,
        stage_since=timezone.now(),
        owner_id=user.pk,
    )
    _change(case, user, "")
    mark_matched(user, need)
    return case


@transaction.atomic
def answer_introduction(
    user: User, case_id: int, *, accept: bool, note: str = ""
) -> CooperationCase:
    """The introduced expert or institute accepts or declines (with a reason). Accepting
    moves a case that waits at its introduction into contact; declining ends the case as
    lost with the reason. The case moves through its stage record (so the enterprise and the
    case owner are notified) and the need's history gets the answer. The case is locked and
    re-read: an introduction is answered once."""
    case = CooperationCase.objects.select_for_update().select_related("need").get(pk=case_id)
    if not may_answer_introduction(user, case):
        raise CooperationError(_("只有被引荐的专家或研究所可以回复引荐。"))
    if case.answer != IntroductionAnswer.PENDING:
        raise CooperationError(
            _("该引荐已于 %(date)s 回复。")
            % {"date": timezone.localtime(case.answered_at).strftime("%Y-%m-%d")}
            if case.answered_at
            else _("该引荐已回复。")
        )
    note = note.strip()[:2000]
    if not accept and not note:
        raise CooperationError(_("婉拒引荐时请说明原因。"))
    before = case.stage
    case.answer = IntroductionAnswer.ACCEPTED if accept else IntroductionAnswer.DECLINED
    case.answer_note = note
    case.answered_at = timezone.now()
    case.answered_by_id = user.pk
    fields = ["answer", "answer_note", "answered_at", "answered_by", "updated_at"]
    if accept and case.stage == CaseStage.INTRODUCED:
        case.stage = CaseStage.IN_CONTACT
    elif not accept and case.stage not in (CaseStage.ACCEPTED, CaseStage.LOST):
        case.stage = CaseStage.LOST
        case.lost_reason = note
        fields.append("lost_reason")
    if case.stage != before:
        case.stage_since = case.answered_at
        fields += ["stage", "stage_since"]
    case.save(update_fields=fields)
    if case.stage != before:
        _change(case, user, before, note)
    record_introduction_answer(
        user, case.need, accepted=accept, resource=case.resource_name, reason=note
    )
    return case


def _may_move(user: User, case: CooperationCase) -> None:
    if not can_triage(user, case.need):
        raise CooperationError(_("您无权推进该对接项目。"))


def contract_of(case: CooperationCase) -> CooperationContract | None:
    """The contract a case concluded, if any."""
    return CooperationContract.objects.filter(case_id=case.pk).first()


def _locked(case: CooperationCase) -> CooperationCase:
    """The case re-read under a row lock: parallel steps on one case run one after another
    (PostgreSQL locks the row; SQLite's write transactions are serialised already)."""
    return (
        CooperationCase.objects.select_for_update(of=("self",))
        .select_related("need__jic")
        .get(pk=case.pk)
    )


@transaction.atomic
def move_case(
    user: User, case: CooperationCase, to_stage: str, *, note: str = ""
) -> CooperationCase:
    """Move forward one or more stages, or to ``lost`` with a reason."""
    case = _locked(case)
    _may_move(user, case)
    if case.stage in (CaseStage.ACCEPTED, CaseStage.LOST):
        raise CooperationError(_("该对接项目已结束。"))
    contract = contract_of(case)
    if to_stage == CaseStage.LOST:
        if not note.strip():
            raise CooperationError(_("未成功的对接必须说明原因。"))
        case.lost_reason = note.strip()
    elif to_stage not in STAGE_ORDER or STAGE_ORDER.index(to_stage) <= STAGE_ORDER.index(
        case.stage
    ):
        raise CooperationError(_("只能推进到后续阶段。"))
    elif STAGE_ORDER.index(to_stage) >= STAGE_ORDER.index(CaseStage.CONTRACTED) and not contract:
        raise CooperationError(_("请先登记合同，再进入签约及之后的阶段。"))
    before = case.stage
    case.stage = to_stage
    case.stage_since = timezone.now()
    case.save(update_fields=["stage", "stage_since", "lost_reason", "updated_at"])
    _change(case, user, before, note.strip())
    follows: dict[str, str] = {
        CaseStage.IN_DELIVERY: ContractStatus.IN_DELIVERY,
        CaseStage.ACCEPTED: ContractStatus.ACCEPTED,
    }
    if contract is not None and to_stage in follows:
        # A saved change (not .update()), so that the audit log records it.
        contract.status = follows[to_stage]
        contract.save(update_fields=["status", "updated_at"])
    return case


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: dt.date
    amount_cny: Decimal


def next_contract_number(year: int) -> str:
    """The year's next contract number, ``JS<year>-<5 digits>``, from a locked counter.

    The counter starts after the highest number on record; a number written by an import
    meanwhile is skipped, not reused.
    """
    prefix = f"JS{year}-"
    numbers = CooperationContract.objects.filter(contract_number__startswith=prefix)

    def highest() -> int:
        last = numbers.aggregate(m=Max("contract_number"))["m"]
        tail = last.rsplit("-", 1)[1] if last else "0"
        return int(tail) if tail.isdigit() else 0

    while True:
        number = f"{prefix}{next_value(f'contract-{year}', start=highest):05d}"
        if not numbers.filter(contract_number=number).exists():
            return number


def contract_titles(need: TechnologyNeed) -> tuple[str, str]:
    """A contract's title, and its English title, that tell no more than every reader of
    contracts may know.

    Contracts are read by network staff who may not read the need in full, so the title is
    the need's public summary (its first sentence, in the need's own language) where it has
    one, else the cooperation in its field, in both languages.
    """
    if need.confidentiality == Confidentiality.PUBLIC_SUMMARY and need.public_summary.strip():
        summary = need.public_summary.strip()
        if need.language == "en":
            first = summary.split(". ")[0].rstrip(".").strip()[:300]
            return first, first
        return summary.split("。")[0].strip()[:300], ""
    field = need.technology_field
    return f"{field.name_zh}技术合作", (
        f"Technical cooperation in {field.name_en}" if field.name_en else ""
    )


def contract_title(need: TechnologyNeed) -> str:
    """The contract's title (:func:`contract_titles`)."""
    return contract_titles(need)[0]


def _write_contract(
    user: User,
    contract: CooperationContract,
    *,
    created: bool,
    case: CooperationCase | None = None,
    previous_need_id: int | None = None,
) -> None:
    """Validate and store a contract; the need it names becomes contracted (with its event),
    and a new contract is announced (``contract_recorded``) to the layers above."""
    if not contract.contract_number and contract.signed_on is not None:
        contract.contract_number = next_contract_number(contract.signed_on.year)
    try:
        contract.full_clean()
    except ValidationError as error:
        raise CooperationError(" ".join(error.messages)) from error
    contract.save()
    if contract.need is not None and contract.need_id != previous_need_id:
        mark_contracted(user, contract.need, contract_number=contract.contract_number)
    if created:
        contract_recorded.send(sender=CooperationContract, contract=contract, case=case, actor=user)


@transaction.atomic
def save_contract(user: User, contract: CooperationContract) -> CooperationContract:
    """The contract register's write, for the API and the register import: a contract
    entered as a record (a case's contract is registered by :func:`record_contract`).

    Without a number, the year's next one is given. The caller has checked the register's
    permission and that the user reads the named need in full.
    """
    created = contract.pk is None
    previous_need_id = (
        None
        if created
        else CooperationContract.objects.filter(pk=contract.pk)
        .values_list("need_id", flat=True)
        .first()
    )
    _write_contract(user, contract, created=created, previous_need_id=previous_need_id)
    return contract


def milestone_problems(
    value_cny: Decimal, start_on: dt.date, end_on: dt.date, milestones: list[MilestoneInput]
) -> list[str]:
    """Every reason the milestones do not fit the contract (all of them, so that a form
    shows them at once)."""
    if not milestones:
        return [_("请至少填写一个里程碑。")]
    problems: list[str] = []
    if sum((m.amount_cny for m in milestones), Decimal(0)) > value_cny:
        problems.append(_("里程碑金额合计不能超过合同金额。"))
    problems += [
        _("里程碑“%(title)s”的日期不在合同期内。") % {"title": m.title}
        for m in milestones
        if not start_on <= m.due_on <= end_on
    ]
    return problems


@transaction.atomic
def record_contract(
    user: User,
    case: CooperationCase,
    *,
    contractor: ResearchInstitute,
    value_cny: Decimal,
    signed_on: dt.date,
    start_on: dt.date,
    end_on: dt.date,
    milestones: list[MilestoneInput],
) -> CooperationContract:
    """Register the signed contract of a case; the case moves to ``contracted``.

    The case is locked and re-read first, so a double submission registers one contract
    and refuses the other; the database's one-contract-per-case key backs this up.
    """
    case = _locked(case)
    _may_move(user, case)
    if contract_of(case) is not None:
        raise CooperationError(_("该对接项目已登记合同。"))
    if case.stage in (CaseStage.ACCEPTED, CaseStage.LOST):
        raise CooperationError(_("该对接项目已结束。"))
    problems = milestone_problems(value_cny, start_on, end_on, milestones)
    if problems:
        raise CooperationError(" ".join(problems))
    need = case.need
    title, title_en = contract_titles(need)
    contract = CooperationContract(
        title=title,
        title_en=title_en,
        contract_number=next_contract_number(signed_on.year),
        need=need,
        jic=need.jic,
        client=need.enterprise,
        contractor=contractor,
        value_cny=value_cny,
        signed_on=signed_on,
        start_on=start_on,
        end_on=end_on,
        status=ContractStatus.SIGNED,
        case=case,
    )
    _write_contract(user, contract, created=True, case=case)
    ContractMilestone.objects.bulk_create(
        ContractMilestone(
            contract=contract, title=m.title, due_on=m.due_on, amount_cny=m.amount_cny
        )
        for m in milestones
    )
    before = case.stage
    case.institute = contractor
    case.stage = CaseStage.CONTRACTED
    case.stage_since = timezone.now()
    case.save(update_fields=["institute", "stage", "stage_since", "updated_at"])
    _change(case, user, before, contract.contract_number)
    return contract


@transaction.atomic
def record_payment(user: User, payment: ContractPayment) -> ContractPayment:
    """Record (or correct) a payment received on a contract: the API, the admin and the
    contract page write payments through here. The contract is locked first, so parallel
    payments cannot together pass its value; the rules are ``ContractPayment.clean``."""
    CooperationContract.objects.select_for_update().filter(pk=payment.contract_id).first()
    try:
        payment.full_clean()
    except ValidationError as error:
        raise CooperationError(" ".join(error.messages)) from error
    payment.save()
    return payment


#: The largest acceptance document a milestone takes.
MAX_ACCEPTANCE_BYTES = 20 * 1024 * 1024


@transaction.atomic
def sign_off_milestone(
    user: User, milestone_id: int, accepted_on: dt.date, document: Any = None
) -> ContractMilestone:
    """Record a milestone's acceptance, with the signed acceptance document when there is
    one: the contract page and the API write acceptance through here. The milestone is locked
    and re-read, so two sign-offs cannot both pass; a date in the future or before the
    contract was signed, a second sign-off and a document of a type not accepted are refused
    and change nothing."""
    milestone = (
        ContractMilestone.objects.select_for_update()
        .select_related("contract")
        .get(pk=milestone_id)
    )
    if milestone.accepted_on is not None:
        raise CooperationError(
            _("该里程碑已于 %(date)s 验收。") % {"date": milestone.accepted_on.isoformat()}
        )
    problems = []
    if accepted_on > timezone.localdate():
        problems.append(_("验收日期不能晚于今天。"))
    if accepted_on < milestone.contract.signed_on:
        problems.append(_("验收日期不能早于合同签订日期。"))
    content_type = ""
    if document is not None:
        try:
            content_type = check_upload(document, max_bytes=MAX_ACCEPTANCE_BYTES).content_type
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise CooperationError(" ".join(problems))
    milestone.accepted_on = accepted_on
    fields = ["accepted_on", "updated_at"]
    if document is not None:
        milestone.acceptance_document.save(document.name, document, save=False)
        milestone.acceptance_content_type = content_type
        fields += ["acceptance_document", "acceptance_content_type"]
    milestone.save(update_fields=fields)
    return milestone


def time_in_stages(
    case: CooperationCase, now: dt.datetime | None = None
) -> dict[str, dt.timedelta]:
    """How long the case spent in each stage, from its recorded changes."""
    now = now or timezone.now()
    changes = list(case.changes.order_by("changed_at", "id"))
    spent: dict[str, dt.timedelta] = defaultdict(dt.timedelta)
    for current, following in zip(changes, [*changes[1:], None], strict=True):
        end = following.changed_at if following else now
        if following is None and case.stage in (CaseStage.ACCEPTED, CaseStage.LOST):
            end = current.changed_at
        spent[current.to_stage] += end - current.changed_at
    return dict(spent)


def overdue_milestones(contracts: Any, today: dt.date | None = None) -> QuerySet[ContractMilestone]:
    today = today or timezone.localdate()
    return ContractMilestone.objects.filter(
        contract__in=contracts, accepted_on__isnull=True, due_on__lt=today
    )


class CaseNotVisible(CooperationError):
    """The case does not exist or the user may not see it."""


def case_for(user: User, case_id: int) -> CooperationCase:
    """The case, for a user who may see it (``visibility.visible_cases_for``); otherwise
    :class:`CaseNotVisible`, which pages and the API answer as not found."""
    case = visible_cases(user).select_related("need").filter(pk=case_id).first()
    if case is None:
        raise CaseNotVisible(_("对接项目不存在或您无权查看。"))
    return case


#: The longest message a case's thread takes.
MAX_MESSAGE_CHARS = 5000


@transaction.atomic
def post_case_message(user: User, case_id: int, body: str, attachment: Any = None) -> CaseMessage:
    """Post a message (with an optional attachment) to a case's thread. Whoever sees the case
    posts: headquarters, the need's enterprise and the introduced resource where they read
    the need in full. The attachment's type is read from its content, with a need
    attachment's limits. The message is the thread's record (author and time), and its
    change history is kept; the case's other parties are told (``notifications``)."""
    case = case_for(user, case_id)
    body = body.strip()
    problems = []
    if not body:
        problems.append(_("请填写留言内容。"))
    elif len(body) > MAX_MESSAGE_CHARS:
        problems.append(_("留言不能超过 %(limit)d 个字。") % {"limit": MAX_MESSAGE_CHARS})
    content_type = ""
    if attachment is not None:
        try:
            content_type = check_upload(attachment, max_bytes=MAX_ATTACHMENT_BYTES).content_type
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise CooperationError(" ".join(problems))
    message = CaseMessage(case=case, author_id=user.pk, body=body)
    if attachment is not None:
        message.attachment.save(attachment.name, attachment, save=False)
        message.attachment_content_type = content_type
    message.save()
    return message


#: How far ahead a meeting may be scheduled.
MEETING_HORIZON = dt.timedelta(days=5 * 365)


@transaction.atomic
def schedule_meeting(
    user: User,
    case_id: int,
    *,
    title: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    location: str = "",
    online_url: str = "",
) -> CaseMeeting:
    """Schedule a meeting of a case's parties; whoever sees the case schedules. The parties
    get a notification and an e-mail with the calendar invitation (``notifications``)."""
    case = case_for(user, case_id)
    meeting = CaseMeeting(
        case=case,
        title=title.strip(),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
        online_url=online_url.strip(),
        organiser_id=user.pk,
    )
    problems = []
    if starts_at < timezone.now():
        problems.append(_("会议开始时间不能早于现在。"))
    elif starts_at > timezone.now() + MEETING_HORIZON:
        problems.append(_("会议开始时间不能晚于五年之后。"))
    try:
        meeting.full_clean()
    except ValidationError as error:
        problems.extend(error.messages)
    if problems:
        raise CooperationError(" ".join(problems))
    meeting.save()
    return meeting


#: Stages in which a case is still being brokered: a case that stays in one too long stalls.
BROKERING_STAGES = (CaseStage.INTRODUCED, CaseStage.IN_CONTACT, CaseStage.NEGOTIATING)


def stalled_cases(now: dt.datetime, after: dt.timedelta) -> QuerySet[CooperationCase]:
    """Cases still being brokered that entered their stage longer than ``after`` ago."""
    return CooperationCase.objects.filter(stage__in=BROKERING_STAGES, stage_since__lte=now - after)
