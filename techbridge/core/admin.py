from typing import Any

from django.contrib import admin
from django.db.models import QuerySet

from . import glossary
from .models import BusinessSequence, GlossaryTerm, Industry, TechnologyField


@admin.register(TechnologyField)
class TechnologyFieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "parent")
    search_fields = ("code", "name_zh", "name_en")
    list_filter = ("parent",)
    list_select_related = ("parent",)


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(BusinessSequence)
class BusinessSequenceAdmin(admin.ModelAdmin):
    """Counters of business numbers; a counter set ahead skips the numbers in between."""

    list_display = ("name", "value")
    search_fields = ("name",)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    """Term pairs; every save and delete goes through ``core.glossary`` (its version)."""

    list_display = ("term_zh", "term_en", "field", "updated_at")
    search_fields = ("term_zh", "term_en", "note")
    list_filter = ("field",)
    list_select_related = ("field",)

    def save_model(self, request: Any, obj: GlossaryTerm, form: Any, change: bool) -> None:
        glossary.save_term(request.user, obj)

    def delete_model(self, request: Any, obj: GlossaryTerm) -> None:
        glossary.delete_term(request.user, obj)

    def delete_queryset(self, request: Any, queryset: QuerySet[GlossaryTerm]) -> None:
        for term in queryset:
            glossary.delete_term(request.user, term)
