from django.contrib import admin

from .models import JointInnovationCenter


@admin.register(JointInnovationCenter)
class JointInnovationCenterAdmin(admin.ModelAdmin):
    list_display = (
        "name_zh",
        "enterprise",
        "institute",
        "established_on",
        "planned_investment_cny",
        "committed_investment_cny",
    )
    list_filter = ("institute",)
    search_fields = ("name_zh", "name_en", "enterprise__name_zh")
    date_hierarchy = "established_on"
    autocomplete_fields = ("enterprise", "institute")
