from django.contrib import admin

from techbridge.needs.admin import OnVisibleNeedAdmin

from .models import DocumentVector, MatchDecision


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
