"""Exports of needs (CSV, Excel) through django-import-export, under the visibility rule.

Every row goes through the reader's projection of the need (``projection.py``): rows of
needs read only as a public summary carry no description, indicators or budget, and no
enterprise when the need is anonymous.
"""

from __future__ import annotations

from typing import Any

from import_export import fields, resources

from .models import TechnologyNeed
from .projection import NeedProjection
from .visibility import NeedAudience


class TechnologyNeedResource(resources.ModelResource):
    title = fields.Field(column_name="title")
    enterprise = fields.Field(column_name="enterprise")
    description = fields.Field(column_name="description")
    technical_indicators = fields.Field(column_name="technical_indicators")
    budget_min_cny = fields.Field(column_name="budget_min_cny")
    budget_max_cny = fields.Field(column_name="budget_max_cny")
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

    def _view(self, need: TechnologyNeed) -> NeedProjection:
        return NeedProjection.of(need, self.audience)

    def dehydrate_title(self, need: TechnologyNeed) -> str:
        return self._view(need).title

    def dehydrate_enterprise(self, need: TechnologyNeed) -> str:
        view = self._view(need)
        return need.enterprise.name_zh if view.names_enterprise else ""

    def dehydrate_description(self, need: TechnologyNeed) -> str:
        return self._view(need).description or ""

    def dehydrate_technical_indicators(self, need: TechnologyNeed) -> str:
        return self._view(need).technical_indicators or ""

    def dehydrate_budget_min_cny(self, need: TechnologyNeed) -> object:
        value = self._view(need).budget_min_cny
        return "" if value is None else value

    def dehydrate_budget_max_cny(self, need: TechnologyNeed) -> object:
        value = self._view(need).budget_max_cny
        return "" if value is None else value
