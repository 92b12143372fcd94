"""Who imports publications and reviews author links: headquarters staff for every expert,
institute staff for their own institute's experts, nobody else. Every page, command and service
asks here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from techbridge.needs.visibility import NeedAudience
from techbridge.people.models import Expert

from .models import AuthorLink, ImportRun


@dataclass(frozen=True)
class ImportAudience:
    user_id: int | None
    is_headquarters: bool
    institute_ids: frozenset[int]

    @classmethod
    def of(cls, user: AbstractBaseUser | AnonymousUser | Any) -> ImportAudience:
        audience = NeedAudience.of(user)
        return cls(audience.user_id, audience.is_headquarters, audience.institute_organisation_ids)

    @property
    def may_import(self) -> bool:
        return self.is_headquarters or bool(self.institute_ids)

    def experts(self) -> QuerySet[Expert]:
        """The experts whose works this user may import and whose links they may decide."""
        if self.is_headquarters:
            return Expert.objects.all()
        return Expert.objects.filter(organisation_id__in=self.institute_ids)

    def runs(self) -> QuerySet[ImportRun]:
        if self.is_headquarters:
            return ImportRun.objects.all()
        if not self.institute_ids:
            return ImportRun.objects.none()
        return ImportRun.objects.filter(
            Q(organisation_id__in=self.institute_ids) | Q(created_by_id=self.user_id)
        )

    def links(self) -> QuerySet[AuthorLink]:
        if self.is_headquarters:
            return AuthorLink.objects.all()
        return AuthorLink.objects.filter(expert__organisation_id__in=self.institute_ids)

    def scope_organisation_id(self, chosen: int | None = None) -> int | None:
        """The organisation an import of this user is limited to (None: the whole network):
        for institute staff, their institute (``chosen`` among several)."""
        if self.is_headquarters or not self.institute_ids:
            return None
        return chosen if chosen in self.institute_ids else min(self.institute_ids)
