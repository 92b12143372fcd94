from __future__ import annotations

from typing import Any

from rest_framework import serializers

from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience

#: Fields only readers of the full need receive; others get the public summary.
RESTRICTED_FIELDS = ("description", "technical_indicators")


class TechnologyNeedSerializer(serializers.ModelSerializer):
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
        }

    def _audience(self) -> NeedAudience:
        # One serializer instance renders every row of a list: read the user's roles once.
        audience: NeedAudience | None = getattr(self, "_audience_cache", None)
        if audience is None:
            audience = NeedAudience.of(self.context["request"].user)
            self._audience_cache = audience
        return audience

    def get_full_text(self, need: TechnologyNeed) -> bool:
        named = {u.pk for u in need.named_viewers.all()}
        return self._audience().sees_full_text(need, named)

    def to_representation(self, instance: TechnologyNeed) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not data["full_text"]:
            for field in RESTRICTED_FIELDS:
                data[field] = None
            if instance.is_anonymous:
                data["enterprise"] = None
                data["jic"] = None
        return data
