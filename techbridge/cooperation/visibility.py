"""Who may see which cooperation case and contract. The only place this rule is written.

Cases, contracts, their milestones and payments are business records between parties:
headquarters sees them all; otherwise an organisation sees those it is party to.

- a contract: its client's enterprise users, its contractor's institute staff, the staff of
  its other parties, the managers of its JIC, the expert it was introduced through, and the
  project manager or institute an assignment gave its need to;
- a case: the same parties, and only where the reader also reads the case's need in full
  (a case names the need and the resource it was introduced to).

Expert users and other members of an institute who are not its staff see nothing of the
institute's contracts beyond their own. Payments and milestone acceptance are recorded by
headquarters and the contract's client and contractor (``may_record_on_contract``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience
from techbridge.people.models import Expert

from .models import CooperationCase, CooperationContract

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

M = TypeVar("M", bound=Model)


def _expert_ids(audience: NeedAudience) -> list[str]:
    if audience.user_id is None:
        return []
    return [
        str(pk)
        for pk in Expert.objects.filter(user_id=audience.user_id).values_list("pk", flat=True)
    ]


def contract_parties_q(audience: NeedAudience, prefix: str = "") -> Q:
    """Contracts (at ``prefix``, e.g. ``"contract__"``) this non-headquarters user is party to."""
    staff = audience.institute_organisation_ids | audience.enterprise_organisation_ids
    rule = (
        Q(**{f"{prefix}client_id__in": audience.enterprise_organisation_ids})
        | Q(**{f"{prefix}contractor_id__in": audience.institute_organisation_ids})
        | Q(**{f"{prefix}other_parties__in": staff})
        | Q(**{f"{prefix}jic__enterprise_id__in": audience.jic_organisation_ids})
        | Q(**{f"{prefix}jic__institute_id__in": audience.jic_organisation_ids})
        | Q(**{f"{prefix}need_id__in": audience.assigned_need_ids})
    )
    experts = _expert_ids(audience)
    if experts:
        rule |= Q(
            **{f"{prefix}case__resource_type": "expert", f"{prefix}case__resource_id__in": experts}
        )
    return rule


def visible_contracts_for(
    queryset: QuerySet[M], audience: NeedAudience, prefix: str = ""
) -> QuerySet[M]:
    """``queryset`` (of contracts, or of records under ``prefix``) cut to what the user sees."""
    if audience.user_id is None:
        return queryset.none()
    if audience.is_headquarters:
        return queryset
    return queryset.filter(contract_parties_q(audience, prefix)).distinct()


def visible_contracts(
    user: User, queryset: QuerySet[M] | None = None, prefix: str = ""
) -> QuerySet[M]:
    base = queryset if queryset is not None else CooperationContract.objects.all()
    return visible_contracts_for(base, NeedAudience.of(user), prefix)  # type: ignore[arg-type]


def may_record_on_contract(user: User, contract: CooperationContract) -> bool:
    """Payments received and milestones accepted are recorded by headquarters and by the
    contract's two signing parties: the client's enterprise users and the contractor's
    institute staff. (Other parties, JIC managers and experts read the contract only.)"""
    audience = NeedAudience.of(user)
    if audience.user_id is None:
        return False
    if audience.is_headquarters:
        return True
    return (
        contract.client_id in audience.enterprise_organisation_ids
        or contract.contractor_id in audience.institute_organisation_ids
    )


def introductions_to(user: User, queryset: QuerySet[M] | None = None) -> QuerySet[M]:
    """Cases that introduce the reader's own institute (its staff) or the reader as an expert,
    on needs the reader may see at all. The resource learns of its introduction even where
    the need is shown to it as a summary only: such a case is listed with the need's summary
    (through the reader's projection), and its page stays for those who read the need in full."""
    base = queryset if queryset is not None else CooperationCase.objects.all()
    audience = NeedAudience.of(user)
    if audience.user_id is None:
        return base.none()  # type: ignore[return-value]
    mine = Q(institute_id__in=audience.institute_organisation_ids)
    experts = _expert_ids(audience)
    if experts:
        mine |= Q(resource_type="expert", resource_id__in=experts)
    if not audience.institute_organisation_ids and not experts:
        return base.none()  # type: ignore[return-value]
    needs = TechnologyNeed.objects.filter(audience.visible_q()).values("pk")
    return base.filter(mine, need__in=needs)  # type: ignore[return-value]


def may_answer_introduction(user: User, case: CooperationCase) -> bool:
    """An introduction is answered by the resource it introduces: an expert with an account
    answers for themselves; otherwise the staff of the institute that would take the work on
    answer (for the institute, its achievements, and its experts without an account)."""
    if not introductions_to(user, CooperationCase.objects.filter(pk=case.pk)).exists():
        return False
    if case.resource_type == "expert":
        account = (
            Expert.objects.filter(pk=int(case.resource_id))
            .values_list("user_id", flat=True)
            .first()
        )
        if account is not None:
            return bool(account == user.pk)
    return True


def visible_cases_for(queryset: QuerySet[M], audience: NeedAudience) -> QuerySet[M]:
    """Cases on needs the user reads in full, and to which the user is party."""
    if audience.user_id is None:
        return queryset.none()
    if audience.is_superuser:
        return queryset
    queryset = queryset.filter(audience.full_text_q(prefix="need__"))
    if audience.is_hq:
        return queryset
    parties = (
        Q(need__enterprise_id__in=audience.organisation_ids)
        | Q(need__jic__enterprise_id__in=audience.jic_organisation_ids)
        | Q(need__jic__institute_id__in=audience.jic_organisation_ids)
        | Q(institute_id__in=audience.institute_organisation_ids)
        | Q(need_id__in=audience.assigned_need_ids)
        | Q(owner_id=audience.user_id)
    )
    experts = _expert_ids(audience)
    if experts:
        parties |= Q(resource_type="expert", resource_id__in=experts)
    return queryset.filter(parties)
