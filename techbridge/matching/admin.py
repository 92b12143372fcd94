from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from techbridge.needs.admin import OnVisibleNeedAdmin

from .models import DocumentVector, IndexChange, IndexFollower, MatchDecision


@admin.register(DocumentVector)
class DocumentVectorAdmin(admin.ModelAdmin):
    list_display = ("key", "model", "dim", "updated_at")
    search_fields = ("key",)
    readonly_fields = ("key", "content_hash", "model", "dim", "vector")


@admin.register(MatchDecision)
class MatchDecisionAdmin(OnVisibleNeedAdmin):
    list_display = ("need", "resource_type", "resource_id", "action", "actor", "created_at")
    list_filter = ("action", "resource_type")
    list_select_related = ("need", "actor")
    search_fields = ("resource_id", "reason")


@admin.register(IndexChange)
class IndexChangeAdmin(admin.ModelAdmin):
    """The change feed, read-only: what every process's index follows."""

    list_display = ("id", "key", "xid", "created_at")
    search_fields = ("key",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IndexFollower)
class IndexFollowerAdmin(admin.ModelAdmin):
    """Where each serving process's index stands (also on /healthz), read-only."""

    list_display = ("name", "state", "indexed", "applied", "seen_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
