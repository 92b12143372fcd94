"""Exports of needs (CSV, Excel) through django-import-export, under the visibility rule.

Rows of needs the user reads only as a public summary carry the summary and nothing else
that is restricted: no description, indicators, and no enterprise when the need is anonymous.
"""

from __future__ import annotations

from typing import Any

from import_export import fields, resources

from .models import TechnologyNeed
from .visibility import NeedAudience


class TechnologyNeedResource(resources.ModelResource):
    title = fields.Field(column_name="title")
    enterprise = fields.Field(column_name="enterprise")
    description = fields.Field(column_name="description")
    technical_indicators = fields.Field(column_name="technical_indicators")
    technology_field = fields.Field(
        attribute="technology_field__code", column_name="technology_field"
    )

    class Meta:
        model = TechnologyNeed
        fields = (
            "id",
            "title",
            "public_summary",
            "description",
            "technical_indicators",
            "enterprise",
            "technology_field",
            "budget_min_cny",
            "budget_max_cny",
            "deadline",
            "cooperation_mode",
            "confidentiality",
            "status",
            "submitted_on",
        )
        export_order = fields

    def __init__(self, audience: NeedAudience, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.audience = audience

    def _full(self, need: TechnologyNeed) -> bool:
        return self.audience.reads(need)

    def dehydrate_title(self, need: TechnologyNeed) -> str:
        return need.title if self._full(need) else need.public_summary.split("。")[0][:80]

    def dehydrate_enterprise(self, need: TechnologyNeed) -> str:
        if self._full(need) or not need.is_anonymous:
            return need.enterprise.name_zh
        return ""

    def dehydrate_description(self, need: TechnologyNeed) -> str:
        return need.description if self._full(need) else ""

    def dehydrate_technical_indicators(self, need: TechnologyNeed) -> str:
        return need.technical_indicators if self._full(need) else ""
