from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuthorLink, DocumentSource, ImportRun, Work


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "file_name",
        "source_format",
        "mode",
        "status",
        "read_count",
        "created_count",
        "merged_count",
        "review_count",
        "rejected_count",
        "created_by",
        "created_at",
    )
    list_filter = ("status", "mode", "source_format")
    list_select_related = ("created_by",)
    search_fields = ("file_name",)
    raw_id_fields = ("created_by", "organisation")


class DocumentSourceInline(admin.TabularInline):
    model = DocumentSource
    extra = 0
    raw_id_fields = ("run",)


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "year", "doi", "patent_number", "key")
    list_filter = ("kind",)
    search_fields = ("title", "doi", "patent_number", "patent_family", "key")
    inlines = [DocumentSourceInline]


@admin.register(DocumentSource)
class DocumentSourceAdmin(admin.ModelAdmin):
    list_display = ("work", "source_format", "source_id", "file_name", "position", "imported_on")
    list_filter = ("source_format",)
    list_select_related = ("work",)
    search_fields = ("source_id", "file_name", "work__title")
    raw_id_fields = ("work", "run")


@admin.register(AuthorLink)
class AuthorLinkAdmin(admin.ModelAdmin):
    """Shown, not edited: links are made by imports and decided in the review queue, whose
    services also put the work on the expert's profile or take it off."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    list_display = ("name", "expert", "confidence", "status", "work", "decided_by")
    list_filter = ("status",)
    list_select_related = ("expert", "work", "decided_by")
    search_fields = ("name", "orcid", "expert__name_zh", "expert__name_en", "work__title")
    raw_id_fields = ("work", "run", "expert", "document", "decided_by")
