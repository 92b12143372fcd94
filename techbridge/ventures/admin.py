from django.contrib import admin

from .models import EquityStake, InvestmentRound, SpinOff


class RoundInline(admin.TabularInline):
    model = InvestmentRound
    extra = 0


@admin.register(SpinOff)
class SpinOffAdmin(admin.ModelAdmin):
    raw_id_fields = ("project_manager",)
    list_display = (
        "name_zh",
        "name_en",
        "institute",
        "founded_on",
        "institute_equity_pct",
        "status",
        "exited_on",
    )
    list_filter = ("status", "technology_field")
    search_fields = ("name_zh", "name_en")
    date_hierarchy = "founded_on"
    inlines = [RoundInline]


@admin.register(InvestmentRound)
class InvestmentRoundAdmin(admin.ModelAdmin):
    raw_id_fields = ("spinoff",)
    list_display = ("spinoff", "kind", "closed_on", "amount_cny", "post_money_valuation_cny")
    list_filter = ("kind",)
    date_hierarchy = "closed_on"


@admin.register(EquityStake)
class EquityStakeAdmin(admin.ModelAdmin):
    list_display = ("institute", "enterprise", "equity_pct", "acquired_on")
    list_select_related = ("institute", "enterprise")
    search_fields = ("institute__name_zh", "enterprise__name_zh")
    autocomplete_fields = ("enterprise",)
