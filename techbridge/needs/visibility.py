"""Who may see which technology need. The only place this rule is written.

- nobody anonymous sees a need;
- superusers see every need;
- a need's own enterprise (its users) always sees it, and so do its named viewers;
- ``public_summary`` needs are listed to every signed-in user (pages show the summary
  and hide the enterprise when the need is anonymous);
- ``staff_only`` needs are seen by headquarters staff and by the JIC managers of the JIC
  that documented them;
- ``named_only`` needs are seen only by the enterprise and the people named on the need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from techbridge.accounts.choices import Role

from .choices import Confidentiality

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from .models import TechnologyNeed, TechnologyNeedQuerySet


def visible_needs(
    queryset: TechnologyNeedQuerySet, user: AbstractBaseUser | AnonymousUser
) -> TechnologyNeedQuerySet:
    if not user.is_authenticated:
        return queryset.none()
    if getattr(user, "is_superuser", False):
        return queryset
    memberships = user.memberships.filter(is_active=True)  # type: ignore[union-attr]
    own_orgs = memberships.values("organisation_id")
    jic_orgs = memberships.filter(role=Role.JIC_MANAGER).values("organisation_id")
    is_hq = memberships.filter(role=Role.HQ_STAFF).exists()

    rule = (
        Q(enterprise_id__in=own_orgs)
        | Q(named_viewers=user)
        | Q(confidentiality=Confidentiality.PUBLIC_SUMMARY)
    )
    staff_rule = Q(jic__enterprise_id__in=jic_orgs) | Q(jic__institute_id__in=jic_orgs)
    if is_hq:
        staff_rule |= Q(pk__isnull=False)
    rule |= Q(confidentiality=Confidentiality.STAFF_ONLY) & staff_rule
    return queryset.filter(rule).distinct()


def sees_full_text(need: TechnologyNeed, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` may read the full need, not only its public summary.

    Restricted needs are all-or-nothing: whoever sees one reads it whole. For a
    ``public_summary`` need, only the enterprise, headquarters staff, the JIC's managers and
    named viewers read beyond the summary.
    """
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    if need.confidentiality != Confidentiality.PUBLIC_SUMMARY:
        return visible_needs(type(need).objects.filter(pk=need.pk), user).exists()
    memberships = user.memberships.filter(is_active=True)  # type: ignore[union-attr]
    if memberships.filter(organisation_id=need.enterprise_id).exists():
        return True
    if memberships.filter(role=Role.HQ_STAFF).exists():
        return True
    if need.jic is not None and memberships.filter(
        role=Role.JIC_MANAGER,
        organisation_id__in=[need.jic.enterprise_id, need.jic.institute_id],
    ).exists():
        return True
    return need.named_viewers.filter(pk=user.pk).exists()
