from django.contrib import admin

from .models import ChainLink, IndustryChain, KeyTechnology, TechnologyMapping


class ChainLinkInline(admin.TabularInline):
    model = ChainLink
    extra = 0
    fields = ["order", "name_zh", "name_en"]


@admin.register(IndustryChain)
class IndustryChainAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "industry"]
    list_select_related = ["industry"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [ChainLinkInline]


class KeyTechnologyInline(admin.TabularInline):
    model = KeyTechnology
    extra = 0
    fields = ["order", "name_zh", "name_en", "technology_field"]
    raw_id_fields = ["technology_field"]


@admin.register(ChainLink)
class ChainLinkAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "chain", "order"]
    list_select_related = ["chain"]
    list_filter = ["chain"]
    search_fields = ["name_zh", "name_en"]
    inlines = [KeyTechnologyInline]


@admin.register(KeyTechnology)
class KeyTechnologyAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "link", "technology_field", "order"]
    list_select_related = ["link", "technology_field"]
    list_filter = ["link__chain"]
    search_fields = ["name_zh", "name_en"]
    raw_id_fields = ["technology_field"]


@admin.register(TechnologyMapping)
class TechnologyMappingAdmin(admin.ModelAdmin):
    list_display = ["key_technology", "record_type", "record_id", "source", "score"]
    list_select_related = ["key_technology"]
    list_filter = ["source", "record_type", "key_technology__link__chain"]
    raw_id_fields = ["key_technology", "confirmed_by"]
