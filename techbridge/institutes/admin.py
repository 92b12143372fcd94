from django.contrib import admin

from .models import (
    BusinessUnit,
    EvaluationScheme,
    EvaluationWeight,
    FundingAllocation,
    InnovationPlatform,
    InstituteYear,
    ResearchInstitute,
    RevenueRecord,
)


@admin.register(BusinessUnit)
class BusinessUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en")
    search_fields = ("name_zh", "name_en")


@admin.register(InnovationPlatform)
class InnovationPlatformAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "business_unit")
    list_filter = ("business_unit",)
    search_fields = ("name_zh", "name_en")


class RevenueInline(admin.TabularInline):
    model = RevenueRecord
    extra = 0


@admin.register(ResearchInstitute)
class ResearchInstituteAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "business_unit", "platform", "founding_year", "region")
    list_filter = ("business_unit", "platform", "region", "founding_year")
    list_select_related = ("business_unit", "platform")
    search_fields = ("name_zh", "name_en", "short_name", "technical_focus_zh")
    filter_horizontal = ("technology_fields",)
    exclude = ("kind",)
    inlines = [RevenueInline]


@admin.register(RevenueRecord)
class RevenueRecordAdmin(admin.ModelAdmin):
    list_display = ("institute", "year", "source", "amount_cny", "origin")
    list_filter = ("year", "source", "origin")
    search_fields = ("institute__name_zh", "institute__name_en")


@admin.register(InstituteYear)
class InstituteYearAdmin(admin.ModelAdmin):
    list_display = ("institute", "year", "headcount", "researchers", "origin")
    list_filter = ("year", "origin")
    search_fields = ("institute__name_zh", "institute__name_en")


class EvaluationWeightInline(admin.TabularInline):
    model = EvaluationWeight
    extra = 0


@admin.register(EvaluationScheme)
class EvaluationSchemeAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "is_default")
    inlines = [EvaluationWeightInline]


@admin.register(EvaluationWeight)
class EvaluationWeightAdmin(admin.ModelAdmin):
    list_display = ("scheme", "indicator", "weight")
    list_select_related = ("scheme",)


@admin.register(FundingAllocation)
class FundingAllocationAdmin(admin.ModelAdmin):
    list_display = ("institute", "year", "scheme", "score", "amount_cny")
    list_filter = ("year",)
    list_select_related = ("institute", "scheme")
