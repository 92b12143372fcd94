from __future__ import annotations

from typing import Any

from rest_framework import serializers

from techbridge.core.api.fields import BoundedModelSerializer
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.projection import NeedProjection
from techbridge.needs.services import need_field_errors
from techbridge.needs.visibility import NeedAudience

#: Fields read through the reader's projection of the need (``needs/projection.py``).
PROJECTED_FIELDS = (
    "title",
    "description",
    "technical_indicators",
    "budget_min_cny",
    "budget_max_cny",
    "enterprise",
    "jic",
)


class TechnologyNeedSerializer(BoundedModelSerializer):
    full_text = serializers.SerializerMethodField(
        help_text="False when only the public summary may be shown to this user."
    )

    class Meta:
        model = TechnologyNeed
        fields = [
            "id",
            "title",
            "public_summary",
            "description",
            "technical_indicators",
            "language",
            "enterprise",
            "jic",
            "is_anonymous",
            "industry",
            "technology_field",
            "budget_min_cny",
            "budget_max_cny",
            "deadline",
            "cooperation_mode",
            "confidentiality",
            "status",
            "submitted_on",
            "full_text",
        ]
        extra_kwargs = {
            "description": {"allow_null": True},
            "technical_indicators": {"allow_null": True},
            "budget_min_cny": {"allow_null": True},
            "budget_max_cny": {"allow_null": True},
            "enterprise": {"allow_null": True},
        }

    def _audience(self) -> NeedAudience:
        # One serializer instance renders every row of a list: read the user's roles once.
        audience: NeedAudience | None = getattr(self, "_audience_cache", None)
        if audience is None:
            audience = NeedAudience.of(self.context["request"].user)
            self._audience_cache = audience
        return audience

    def get_full_text(self, need: TechnologyNeed) -> bool:
        return self._audience().reads(need)

    def to_representation(self, instance: TechnologyNeed) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        view = NeedProjection(instance, bool(data["full_text"]))
        if not view.full:
            for name in PROJECTED_FIELDS:
                value = getattr(view, f"{name}_id" if name in ("enterprise", "jic") else name)
                data[name] = value if value is None or name == "title" else str(value)
            if view.enterprise_id is not None:
                data["enterprise"] = view.enterprise_id
                data["jic"] = view.jic_id
        return data


class TechnologyNeedCreateSerializer(BoundedModelSerializer):
    """Submitting a need: the same rules as the intake form (``services.submit_need``)."""

    class Meta:
        model = TechnologyNeed
        fields = [
            "id",
            "enterprise",
            "jic",
            "title",
            "description",
            "technical_indicators",
            "language",
            "technology_field",
            "industry",
            "budget_min_cny",
            "budget_max_cny",
            "deadline",
            "cooperation_mode",
            "confidentiality",
            "public_summary",
            "is_anonymous",
            "status",
            "submitted_on",
        ]
        read_only_fields = ["id", "status", "submitted_on"]
        extra_kwargs = {"industry": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = need_field_errors(attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
