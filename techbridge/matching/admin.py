from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from techbridge.needs.models import TechnologyNeed

from .models import DocumentVector, MatchDecision


@admin.register(DocumentVector)
class DocumentVectorAdmin(admin.ModelAdmin):
    list_display = ("key", "model", "dim", "updated_at")
    search_fields = ("key",)
    readonly_fields = ("key", "content_hash", "model", "dim", "vector")


@admin.register(MatchDecision)
class MatchDecisionAdmin(admin.ModelAdmin):
    list_display = ("need", "resource_type", "resource_id", "action", "actor", "created_at")
    list_filter = ("action", "resource_type")
    list_select_related = ("need", "actor")
    search_fields = ("resource_id", "reason")

    def get_queryset(self, request: HttpRequest) -> QuerySet[MatchDecision]:
        # Decisions name their need: show only those on needs this user may see.
        visible = TechnologyNeed.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(need_id__in=visible)
