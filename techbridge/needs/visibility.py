"""Who may see which technology need. The only place this rule is written.

- nobody anonymous sees a need;
- superusers see every need;
- a need's own enterprise (its users) always sees it, and so do its named viewers;
- ``public_summary`` needs are listed to every signed-in user, who reads the summary only
  (and not the enterprise, when the need is anonymous);
- ``staff_only`` needs are seen by headquarters staff, by the managers of the JIC that
  documented them, and by the staff assigned to them (the project manager, or the staff of
  the institute, that an assignment run gave the need to);
- ``named_only`` needs are seen only by the enterprise and the people named on the need.

Readers of the full text are the enterprise, headquarters staff (except for ``named_only``),
the JIC's managers and named viewers; everybody else reads a public summary at most.

Counts are records too. Headquarters staff count every need in the network's aggregate
figures (the annual report's published totals, which name no need and no enterprise);
everyone else counts only the needs they may see (:meth:`NeedAudience.countable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from techbridge.core.choices import Role
from techbridge.core.permissions import memberships_of
from techbridge.core.request_cache import once_per_request
from techbridge.institutes.models import ResearchInstitute
from techbridge.people.models import ProjectManager

from .choices import Confidentiality

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from .models import TechnologyNeed, TechnologyNeedQuerySet


@dataclass(frozen=True)
class NeedAudience:
    """What the rule needs to know about one user, read from the database once."""

    user_id: int | None
    is_superuser: bool
    is_hq: bool
    organisation_ids: frozenset[int]
    jic_organisation_ids: frozenset[int]
    assigned_need_ids: frozenset[int] = frozenset()
    #: Organisations where the user acts as enterprise staff, and as institute staff.
    enterprise_organisation_ids: frozenset[int] = frozenset()
    institute_organisation_ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, user: AbstractBaseUser | AnonymousUser) -> NeedAudience:
        """The user's audience (once per request: a page asks in its view, menu and tags)."""
        if not user.is_authenticated:
            return cls(None, False, False, frozenset(), frozenset())
        member: AbstractBaseUser = user
        return once_per_request(("need-audience", member.pk), lambda: cls._of(member))

    @classmethod
    def _of(cls, user: AbstractBaseUser) -> NeedAudience:
        rows = memberships_of(user)
        institute_staff = [org for org, role in rows if role == Role.INSTITUTE_STAFF]
        # Needs assigned (``assignments.NeedAssignment``) to the user as project manager or to
        # an institute where the user is staff.
        assigned = {
            *ProjectManager.objects.filter(user_id=user.pk).values_list(
                "assignments__need_id", flat=True
            ),
            *ResearchInstitute.objects.filter(pk__in=institute_staff).values_list(
                "need_assignments__need_id", flat=True
            ),
        } - {None}
        return cls(
            user_id=user.pk,
            is_superuser=bool(getattr(user, "is_superuser", False)),
            is_hq=any(role == Role.HQ_STAFF for _, role in rows),
            organisation_ids=frozenset(org for org, _ in rows),
            jic_organisation_ids=frozenset(org for org, role in rows if role == Role.JIC_MANAGER),
            assigned_need_ids=frozenset(assigned),
            enterprise_organisation_ids=frozenset(
                org for org, role in rows if role == Role.ENTERPRISE_USER
            ),
            institute_organisation_ids=frozenset(institute_staff),
        )

    @property
    def is_headquarters(self) -> bool:
        """Headquarters staff, or a superuser: the network's own view."""
        return self.is_superuser or self.is_hq

    def full_text_q(self, prefix: str = "") -> Q:
        """Needs this user reads in full; with ``prefix`` (e.g. ``"need__"``), the records
        whose need at that path this user reads in full (a filter on the record's own join,
        cheaper than a subquery over every need)."""

        def q(**lookups: object) -> Q:
            return Q(**{prefix + name: value for name, value in lookups.items()})

        jic_orgs = self.jic_organisation_ids
        # Named viewers through a subquery, not a join: a join repeats a need once per named
        # viewer, and every list would need DISTINCT (over all its columns) to undo it.
        from .models import TechnologyNeed  # (the models module imports this one)

        viewers = TechnologyNeed.named_viewers.through.objects
        named = viewers.none() if self.user_id is None else viewers.filter(user_id=self.user_id)
        not_named_only = ~q(confidentiality=Confidentiality.NAMED_ONLY)
        rule = (
            q(enterprise_id__in=self.organisation_ids)
            | q(pk__in=named.values("technologyneed_id"))
            | q(pk__in=self.assigned_need_ids) & not_named_only
            | q(jic__enterprise_id__in=jic_orgs) & not_named_only
            | q(jic__institute_id__in=jic_orgs) & not_named_only
        )
        if self.is_hq:
            rule |= not_named_only
        return rule

    def visible_q(self) -> Q:
        """Needs this user may see at all (in full or as a public summary)."""
        return self.full_text_q() | Q(confidentiality=Confidentiality.PUBLIC_SUMMARY)

    def read_in_full(self, queryset: TechnologyNeedQuerySet) -> TechnologyNeedQuerySet:
        """The needs of ``queryset`` this user reads in full (title, description, budget,
        enterprise): the ones a page may show, a file may name and a record may link to."""
        if self.user_id is None:
            return queryset.none()
        if self.is_superuser:
            return queryset
        return queryset.filter(self.full_text_q())

    def countable(self, queryset: TechnologyNeedQuerySet) -> TechnologyNeedQuerySet:
        """The needs this user's aggregate figures may count."""
        if self.is_headquarters:
            return queryset
        return visible_needs_for(queryset, self)

    def reads(self, need: TechnologyNeed) -> bool:
        """Whether this user reads ``need`` in full (named viewers from the prefetch cache
        when the caller prefetched ``named_viewers``, else one query)."""
        return self.sees_full_text(need, {u.pk for u in need.named_viewers.all()})

    def sees_full_text(self, need: TechnologyNeed, named_viewer_ids: set[int]) -> bool:
        """In-memory twin of :meth:`full_text_q` for one loaded need (``jic`` loaded)."""
        if self.user_id is None:
            return False
        if self.is_superuser or need.enterprise_id in self.organisation_ids:
            return True
        if self.user_id in named_viewer_ids:
            return True
        if need.confidentiality == Confidentiality.NAMED_ONLY:
            return False
        if self.is_hq or need.pk in self.assigned_need_ids:
            return True
        jic = need.jic
        return jic is not None and bool(
            {jic.enterprise_id, jic.institute_id} & self.jic_organisation_ids
        )


def visible_needs(
    queryset: TechnologyNeedQuerySet, user: AbstractBaseUser | AnonymousUser
) -> TechnologyNeedQuerySet:
    return visible_needs_for(queryset, NeedAudience.of(user))


def visible_needs_for(
    queryset: TechnologyNeedQuerySet, audience: NeedAudience
) -> TechnologyNeedQuerySet:
    if audience.user_id is None:
        return queryset.none()
    if audience.is_superuser:
        return queryset
    return queryset.filter(audience.visible_q())


def search_needs(
    queryset: TechnologyNeedQuerySet, audience: NeedAudience, query: str
) -> TechnologyNeedQuerySet:
    """Needs of ``queryset`` that contain ``query`` in what this reader may read: the public
    summary of any need, the title and description only of needs read in full (a word of a
    hidden text never finds its need)."""
    query = query.strip()
    if not query:
        return queryset
    full_q = audience.full_text_q()
    return queryset.filter(
        Q(public_summary__icontains=query)
        | (full_q & (Q(title__icontains=query) | Q(description__icontains=query)))
    )
