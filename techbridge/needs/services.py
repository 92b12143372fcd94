"""What people do with needs: submit, triage, disclose. Each step is one transaction with its
event record; views, the API and commands call these functions and nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from techbridge.accounts.models import Membership
from techbridge.core.choices import Role
from techbridge.core.models import Industry, TechnologyField
from techbridge.core.uploads import check_upload
from techbridge.jics.models import JointInnovationCenter
from techbridge.organisations.models import Enterprise

from .choices import Confidentiality, DisclosureStatus, NeedEventKind, NeedStatus
from .models import DisclosureRequest, NeedAttachment, NeedEvent, TechnologyNeed
from .visibility import NeedAudience

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.core.files.uploadedfile import UploadedFile

    User = AbstractBaseUser | AnonymousUser


class NeedActionError(Exception):
    """A step the user may not take, or may not take now; the message is translated."""


def _uid(user: User) -> int:
    if not user.is_authenticated or user.pk is None:
        raise NeedActionError(_("请先登录。"))
    return int(user.pk)


def enterprises_user_may_submit_for(user: User) -> Any:
    """Enterprises a user may submit needs for: their own, their JICs', or any for HQ."""
    audience = NeedAudience.of(user)
    if audience.is_headquarters:
        return Enterprise.objects.all()
    jic_enterprises = JointInnovationCenter.objects.filter(
        Q(institute_id__in=audience.jic_organisation_ids)
        | Q(enterprise_id__in=audience.jic_organisation_ids)
    ).values("enterprise_id")
    own = Membership.objects.filter(
        user_id=_uid(user), is_active=True, role=Role.ENTERPRISE_USER
    ).values("organisation_id")
    return Enterprise.objects.filter(Q(pk__in=own) | Q(pk__in=jic_enterprises))


def can_triage(user: User, need: TechnologyNeed) -> bool:
    """Headquarters staff triage needs they read in full; JIC managers their JIC's needs."""
    audience = NeedAudience.of(user)
    if audience.is_superuser:
        return True
    if not audience.reads(need):
        return False
    if audience.is_hq:
        return True
    jic = need.jic
    return jic is not None and bool(
        {jic.enterprise_id, jic.institute_id} & audience.jic_organisation_ids
    )


def can_broker(user: User, need: TechnologyNeed) -> bool:
    """Who works a need's matches (browses them, shortlists, dismisses, introduces):
    those who triage it, and the project manager an assignment gave it to. The need's
    enterprise does not: it sees the introductions made, through its cases."""
    if can_triage(user, need):
        return True
    audience = NeedAudience.of(user)
    if not audience.reads(need):
        return False
    if audience.user_id is None:
        return False
    return need.assignments.filter(project_manager__user_id=audience.user_id).exists()


def needs_readable_in_full(user: User | None) -> Any:
    """The needs ``user`` reads in full: the only ones a file, a form or an API body may name
    (linking a record to a need names it) and an export may show."""
    if user is None:
        return TechnologyNeed.objects.none()
    return NeedAudience.of(user).read_in_full(TechnologyNeed.objects.all())


def need_field_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    """The rules a need's fields obey together, for the intake form and the API alike:
    field name -> messages (empty when the fields are consistent)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    low, high = data.get("budget_min_cny"), data.get("budget_max_cny")
    if low is not None and low < 0:
        add("budget_min_cny", _("预算不能为负数。"))
    if high is not None and high < 0:
        add("budget_max_cny", _("预算不能为负数。"))
    if low is not None and high is not None and high < low:
        add("budget_max_cny", _("预算上限不能低于预算下限。"))
    deadline = data.get("deadline")
    if deadline and deadline < timezone.localdate():
        add("deadline", _("期望完成日期不能早于今天。"))
    level = data.get("confidentiality")
    if level == Confidentiality.PUBLIC_SUMMARY and not (data.get("public_summary") or "").strip():
        add("public_summary", _("公开摘要级别的需求必须填写公开摘要。"))
    if level == Confidentiality.NAMED_ONLY and not data.get("named_viewers"):
        add("named_viewers", _("“仅指定人员可见”须至少指定一人。"))
    jic, enterprise = data.get("jic"), data.get("enterprise")
    if jic is not None and enterprise is not None and jic.enterprise_id != enterprise.pk:
        add("jic", _("所选联合创新中心不属于该企业。"))
    return errors


def _record(
    need: TechnologyNeed,
    actor: User,
    kind: str,
    *,
    from_status: str = "",
    note: str = "",
    related_need: TechnologyNeed | None = None,
) -> NeedEvent:
    return NeedEvent.objects.create(
        need=need,
        actor_id=actor.pk,
        kind=kind,
        from_status=from_status,
        to_status=need.status,
        note=note,
        related_need=related_need,
    )


#: The largest attachment a need accepts.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _attach(need: TechnologyNeed, user: User, uploads: Iterable[UploadedFile]) -> None:
    """Store attachments whose content is an accepted type (the whole step fails otherwise)."""
    for upload in uploads:
        try:
            accepted = check_upload(upload, max_bytes=MAX_ATTACHMENT_BYTES)
        except ValidationError as error:
            raise NeedActionError(" ".join(error.messages)) from error
        NeedAttachment.objects.create(
            need=need, file=upload, uploaded_by_id=user.pk, content_type=accepted.content_type
        )


@transaction.atomic
def submit_need(
    user: User,
    *,
    fields: dict[str, Any],
    named_viewers: Iterable[Any] = (),
    attachments: Iterable[UploadedFile] = (),
) -> TechnologyNeed:
    """Create a need from validated form fields; the enterprise must be one the user may use."""
    enterprise = fields["enterprise"]
    if not enterprises_user_may_submit_for(user).filter(pk=enterprise.pk).exists():
        raise NeedActionError(_("您不能代表该企业提交需求。"))
    jic = fields.get("jic")
    if jic is not None and jic.enterprise_id != enterprise.pk:
        raise NeedActionError(_("所选联合创新中心不属于该企业。"))
    need = TechnologyNeed(
        **fields,
        status=NeedStatus.SUBMITTED,
        submitted_on=timezone.localdate(),
        submitted_by_id=user.pk,
    )
    if not need.industry_id:
        need.industry_id = enterprise.industry_id
    need.full_clean()
    need.save()
    need.named_viewers.set(named_viewers)
    _attach(need, user, attachments)
    _record(need, user, NeedEventKind.SUBMITTED)
    return need


EDITABLE = (NeedStatus.SUBMITTED, NeedStatus.RETURNED, NeedStatus.DRAFT)


def can_edit(user: User, need: TechnologyNeed) -> bool:
    """The enterprise (or whoever may submit for it) edits a need until it is opened."""
    if need.status not in EDITABLE:
        return False
    return enterprises_user_may_submit_for(user).filter(pk=need.enterprise_id).exists()


@transaction.atomic
def edit_need(
    user: User,
    need: TechnologyNeed,
    *,
    fields: dict[str, Any],
    named_viewers: Iterable[Any] | None = None,
    attachments: Iterable[UploadedFile] = (),
) -> TechnologyNeed:
    """Change a need before it is opened; a returned need goes back to headquarters."""
    if not can_edit(user, need):
        raise NeedActionError(_("该需求已开放对接或已结束，不能再修改。"))
    if fields.get("enterprise", need.enterprise) != need.enterprise:
        raise NeedActionError(_("不能更改提出需求的企业。"))
    changed = sorted(k for k, v in fields.items() if getattr(need, k) != v)
    for name, value in fields.items():
        setattr(need, name, value)
    before = need.status
    need.status = NeedStatus.SUBMITTED
    need.full_clean()
    need.save()
    if named_viewers is not None:
        need.named_viewers.set(named_viewers)
    _attach(need, user, attachments)
    _record(need, user, NeedEventKind.EDITED, from_status=before, note=", ".join(changed))
    return need


def _triage(user: User, need: TechnologyNeed) -> None:
    if not can_triage(user, need):
        raise NeedActionError(_("您无权处理该需求。"))


@transaction.atomic
def classify_need(
    user: User, need: TechnologyNeed, *, industry: Industry, technology_field: TechnologyField
) -> TechnologyNeed:
    _triage(user, need)
    before = f"{need.industry} / {need.technology_field}"
    need.industry, need.technology_field = industry, technology_field
    need.save(update_fields=["industry", "technology_field", "updated_at"])
    _record(
        need,
        user,
        NeedEventKind.CLASSIFIED,
        from_status=need.status,
        note=f"{before} → {industry} / {technology_field}",
    )
    return need


def _move(
    user: User,
    need: TechnologyNeed,
    status: str,
    kind: str,
    note: str = "",
    related_need: TechnologyNeed | None = None,
) -> None:
    _triage(user, need)
    if need.status in (NeedStatus.CONTRACTED, NeedStatus.CLOSED):
        raise NeedActionError(_("需求已签约或已关闭，不能再分诊。"))
    before = need.status
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    _record(need, user, kind, from_status=before, note=note, related_need=related_need)


@transaction.atomic
def open_need(user: User, need: TechnologyNeed) -> TechnologyNeed:
    _move(user, need, NeedStatus.OPEN, NeedEventKind.OPENED)
    return need


@transaction.atomic
def return_need(user: User, need: TechnologyNeed, *, reason: str) -> TechnologyNeed:
    if not reason.strip():
        raise NeedActionError(_("退回修改时必须说明原因。"))
    _move(user, need, NeedStatus.RETURNED, NeedEventKind.RETURNED, reason.strip())
    return need


@transaction.atomic
def park_need(user: User, need: TechnologyNeed, *, reason: str = "") -> TechnologyNeed:
    _move(user, need, NeedStatus.PARKED, NeedEventKind.PARKED, reason.strip())
    return need


def mark_matched(user: User, need: TechnologyNeed) -> None:
    """A resource was introduced and a cooperation case opened: an open (or parked) need is
    now matched. Part of the introduction step (``cooperation.services.open_case``), inside its
    transaction and after its permission check; a need further along stays where it is."""
    if need.status not in (NeedStatus.OPEN, NeedStatus.PARKED, NeedStatus.SUBMITTED):
        return
    before = need.status
    need.status = NeedStatus.MATCHED
    need.save(update_fields=["status", "updated_at"])
    _record(need, user, NeedEventKind.MATCHED, from_status=before)


def record_introduction_answer(
    user: User, need: TechnologyNeed, *, accepted: bool, resource: str, reason: str = ""
) -> None:
    """An introduced expert or institute answered: the need's history says who and why. Part
    of the answer step (``cooperation.services.answer_introduction``), inside its transaction."""
    kind = NeedEventKind.INTRODUCTION_ACCEPTED if accepted else NeedEventKind.INTRODUCTION_DECLINED
    note = f"{resource} · {reason}" if reason else resource
    _record(need, user, kind, from_status=need.status, note=note[:2000])


def mark_contracted(user: User, need: TechnologyNeed, *, contract_number: str) -> None:
    """A contract was signed on the need. Part of the contract step
    (``cooperation.services.record_contract`` and the contract register's writes), inside its
    transaction and after its permission check."""
    if need.status == NeedStatus.CONTRACTED:
        _record(need, user, NeedEventKind.CONTRACTED, from_status=need.status, note=contract_number)
        return
    before = need.status
    need.status = NeedStatus.CONTRACTED
    need.save(update_fields=["status", "updated_at"])
    _record(need, user, NeedEventKind.CONTRACTED, from_status=before, note=contract_number)


@transaction.atomic
def mark_duplicate(user: User, need: TechnologyNeed, *, original: TechnologyNeed) -> TechnologyNeed:
    if original.pk == need.pk:
        raise NeedActionError(_("需求不能与自身重复。"))
    if not can_triage(user, original):
        raise NeedActionError(_("您无权查看被引用的需求。"))
    need.duplicate_of = original
    need.save(update_fields=["duplicate_of", "updated_at"])
    # The original is referenced, not quoted: its title may be hidden from this need's readers.
    _move(user, need, NeedStatus.CLOSED, NeedEventKind.DUPLICATE, related_need=original)
    return need


@transaction.atomic
def request_disclosure(user: User, need: TechnologyNeed, *, reason: str) -> DisclosureRequest:
    """A partner who sees only the public summary asks the enterprise for the full text."""
    if need.confidentiality != Confidentiality.PUBLIC_SUMMARY:
        raise NeedActionError(_("只有公开摘要级别的需求可以申请查看全文。"))
    audience = NeedAudience.of(user)
    if audience.reads(need):
        raise NeedActionError(_("您已经可以查看该需求的全文。"))
    if not reason.strip():
        raise NeedActionError(_("请说明申请查看全文的理由。"))
    if need.disclosure_requests.filter(requester_id=user.pk, status=DisclosureStatus.PENDING):
        raise NeedActionError(_("您已提交过申请，请等待企业确认。"))
    request = DisclosureRequest.objects.create(need=need, requester_id=_uid(user), reason=reason)
    _record(need, user, NeedEventKind.DISCLOSURE_REQUESTED, from_status=need.status)
    return request


@transaction.atomic
def decide_disclosure(user: User, request: DisclosureRequest, *, approve: bool) -> None:
    """Only the enterprise that owns the need decides; approval names the requester."""
    need = request.need
    own = Membership.objects.filter(
        user_id=_uid(user), organisation_id=need.enterprise_id, is_active=True
    ).exists()
    if not own:
        raise NeedActionError(_("只有提出需求的企业可以决定是否披露全文。"))
    if request.status != DisclosureStatus.PENDING:
        raise NeedActionError(_("该申请已处理。"))
    request.status = DisclosureStatus.APPROVED if approve else DisclosureStatus.REJECTED
    request.decided_by_id = user.pk
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if approve:
        need.named_viewers.add(request.requester)
    _record(
        need,
        user,
        NeedEventKind.DISCLOSURE_APPROVED if approve else NeedEventKind.DISCLOSURE_REJECTED,
        from_status=need.status,
        note=str(request.requester),
    )
