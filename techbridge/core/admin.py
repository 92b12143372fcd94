from django.contrib import admin

from .models import BusinessSequence, Industry, TechnologyField


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
