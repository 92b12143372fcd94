"""The API's router: record URLs take ids of at most 18 digits."""

from __future__ import annotations

from typing import Any

from rest_framework.routers import DefaultRouter


class IdRouter(DefaultRouter):
    """Record URLs take ids of at most 18 digits (what a 64-bit integer always holds); a
    longer one is no route (404) instead of a number the database drivers raise on."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if not getattr(viewset, "lookup_value_regex", None):
            viewset.lookup_value_regex = r"[0-9]{1,18}"
        return str(super().get_lookup_regex(viewset, lookup_prefix))
