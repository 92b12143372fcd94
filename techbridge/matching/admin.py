from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from techbridge.needs.admin import OnVisibleNeedAdmin

from .models import (
    DocumentVector,
    IndexChange,
    IndexedDocument,
    IndexFollower,
    MatchDecision,
    SharedIndexState,
)


@admin.register(DocumentVector)
class DocumentVectorAdmin(admin.ModelAdmin):
    list_display = ("key", "model", "dim", "updated_at")
    search_fields = ("key",)
    readonly_fields = ("key", "content_hash", "model", "dim", "vector")


@admin.register(MatchDecision)
class MatchDecisionAdmin(OnVisibleNeedAdmin):
    raw_id_fields = ("need",)
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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived data the platform writes itself: shown, never added or edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IndexedDocument)
class IndexedDocumentAdmin(ReadOnlyAdmin):
    """The shared index's documents (PostgreSQL deployments). Its postings, terms and links
    have composite keys, which the admin cannot show."""

    list_display = ("doc_id", "collection", "entity_type", "entity_id", "kind", "length")
    list_filter = ("collection", "entity_type")
    search_fields = ("doc_id", "title")
    exclude = ("embedding", "keyword_embedding", "terms")


@admin.register(SharedIndexState)
class SharedIndexStateAdmin(ReadOnlyAdmin):
    list_display = ("collection", "documents", "model", "built_at", "applied", "portfolio_version")
    exclude = ("portfolio", "seen")
