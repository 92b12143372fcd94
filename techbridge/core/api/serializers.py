"""What every register serializer shares: the model's own rules, and readable names."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, router
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from techbridge.core.api.fields import BoundedModelSerializer
from techbridge.core.models import GlossaryTerm, Industry, TechnologyField


def _is_named(model: type[models.Model]) -> bool:
    names = {f.name for f in model._meta.get_fields()}
    return {"name_zh", "name_en"} <= names


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "uri"}, {"type": "string", "maxLength": 0}]}
)
class OptionalURLField(serializers.URLField):
    """A URL or nothing. drf-spectacular's own ``oneOf`` for a blank URL field is matched
    twice by an empty string (which a validator not checking formats also takes for a URI)."""


class RegisterSerializer(BoundedModelSerializer):
    """A model serializer that checks the model's constraints before anything is written,
    and shows ``<field>_name_zh`` / ``<field>_name_en`` beside every named foreign key.

    DRF checks field types and unique fields; the model's ``CheckConstraint``s and
    ``UniqueConstraint``s are the database's last word, so they are checked here too and a
    violation is a 400 with the constraint's translated message instead of a 500.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: OptionalURLField,
    }

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        model: type[models.Model] = self.Meta.model
        for name in list(fields):
            try:
                model_field = model._meta.get_field(name)
            except Exception:
                continue
            if not (model_field.many_to_one or model_field.one_to_one) or model_field.auto_created:
                continue
            related = model_field.related_model
            if not isinstance(related, type) or not _is_named(related):
                continue
            for suffix in ("name_zh", "name_en"):
                fields.setdefault(
                    f"{name}_{suffix}",
                    serializers.CharField(
                        source=f"{name}.{suffix}",
                        read_only=True,
                        allow_null=model_field.null,
                    ),
                )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model: type[models.Model] = self.Meta.model
        many = {f.name for f in model._meta.many_to_many}
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many:
                setattr(candidate, name, value)
        errors = _constraint_errors(candidate)
        if errors:
            raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: errors})
        return attrs


def _constraint_errors(instance: models.Model) -> list[str]:
    """The messages of the model's constraints that ``instance`` breaks (as
    ``Model.validate_constraints``, which would stop at a message Django cannot format)."""
    using = router.db_for_write(type(instance), instance=instance)
    messages: list[str] = []
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model_class, instance, using=using)
            except DjangoValidationError as error:
                messages.extend(error.messages)
    return messages


class TechnologyFieldSerializer(RegisterSerializer):
    class Meta:
        model = TechnologyField
        fields = ["id", "code", "name_zh", "name_en", "parent"]


class IndustrySerializer(RegisterSerializer):
    class Meta:
        model = Industry
        fields = ["id", "code", "name_zh", "name_en"]


class GlossaryTermSerializer(RegisterSerializer):
    class Meta:
        model = GlossaryTerm
        fields = ["id", "term_zh", "term_en", "field", "note", "updated_at"]
        read_only_fields = ["updated_at"]
