from django.contrib import admin

from .models import AchievementTransfer, TechnologicalAchievement


class TransferInline(admin.TabularInline):
    model = AchievementTransfer
    extra = 0
    autocomplete_fields = ("recipient",)


@admin.register(TechnologicalAchievement)
class TechnologicalAchievementAdmin(admin.ModelAdmin):
    raw_id_fields = ("inventors",)
    list_display = ("title", "kind", "readiness", "owner", "technology_field", "created_on")
    list_filter = ("kind", "readiness", "technology_field", "language")
    search_fields = ("title", "description", "keywords", "patent_number")
    autocomplete_fields = ("owner",)
    inlines = [TransferInline]


@admin.register(AchievementTransfer)
class AchievementTransferAdmin(admin.ModelAdmin):
    list_display = ("achievement", "recipient", "mode", "transferred_on", "value_cny")
    list_filter = ("mode",)
    date_hierarchy = "transferred_on"
    search_fields = ("achievement__title", "recipient__name_zh")
    autocomplete_fields = ("achievement", "recipient")
