"""What every register viewset shares: who may write, and writes that are all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import DjangoModelPermissions

from techbridge.core import glossary
from techbridge.core.filtersets import (
    GlossaryTermFilterSet,
    IndustryFilterSet,
    TechnologyFieldFilterSet,
)
from techbridge.core.models import GlossaryTerm, Industry, TechnologyField
from techbridge.core.permissions import NetworkStaffModelPermissions

from .serializers import GlossaryTermSerializer, IndustrySerializer, TechnologyFieldSerializer


class ProtectedDeleteError(serializers.ValidationError):
    """A record other records still point to: deleting it would orphan them."""


class RegisterViewSet(viewsets.ModelViewSet):
    """Read for network staff; create, change, delete with the model's Django permission.

    Every write runs in one transaction; a database refusal that slipped past validation
    (a race on a unique constraint) is a 400, and nothing is written.
    """

    permission_classes = [NetworkStaffModelPermissions]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._write(serializer.save)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._write(serializer.save)

    def perform_destroy(self, instance: Any) -> None:
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as error:
            raise ProtectedDeleteError({"detail": _("其他记录仍引用此记录，不能删除。")}) from error

    @staticmethod
    def _write(save: Any) -> None:
        try:
            with transaction.atomic():
                save()
        except IntegrityError as error:
            raise serializers.ValidationError(
                {"detail": _("数据与已有记录冲突，没有保存。")}
            ) from error


class TechnologyFieldViewSet(RegisterViewSet):
    """The technology-field taxonomy: read by every signed-in user (needs and profiles use
    it), changed by those with the model permission."""

    queryset = TechnologyField.objects.select_related("parent")
    serializer_class = TechnologyFieldSerializer
    filterset_class = TechnologyFieldFilterSet
    permission_classes = [DjangoModelPermissions]


class IndustryViewSet(RegisterViewSet):
    """The industry taxonomy: read by every signed-in user, changed with the permission."""

    queryset = Industry.objects.all()
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilterSet
    permission_classes = [DjangoModelPermissions]


class GlossaryTermViewSet(RegisterViewSet):
    """The glossary's term pairs: read by network staff, written with the model permission,
    each write through ``core.glossary`` (which steps the version every process follows)."""

    queryset = GlossaryTerm.objects.select_related("field")
    serializer_class = GlossaryTermSerializer
    filterset_class = GlossaryTermFilterSet

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, GlossaryTerm())

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, serializer.instance)

    def _save(self, serializer: serializers.BaseSerializer[Any], term: Any) -> None:
        for name, value in serializer.validated_data.items():
            setattr(term, name, value)
        try:
            self._write(lambda: glossary.save_term(self.request.user, term))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        serializer.instance = term

    def perform_destroy(self, instance: Any) -> None:
        glossary.delete_term(self.request.user, instance)
