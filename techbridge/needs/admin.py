from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import TechnologyNeed


@admin.register(TechnologyNeed)
class TechnologyNeedAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "enterprise",
        "jic",
        "technology_field",
        "confidentiality",
        "status",
        "submitted_on",
    )
    list_filter = ("status", "confidentiality", "cooperation_mode", "technology_field", "language")
    search_fields = ("title", "description", "enterprise__name_zh")
    date_hierarchy = "submitted_on"
    autocomplete_fields = ("enterprise", "jic", "submitted_by")
    filter_horizontal = ("named_viewers",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[TechnologyNeed]:
        # The admin honours the same visibility rule as every other view.
        return TechnologyNeed.objects.visible_to(request.user).select_related(
            "enterprise", "jic", "technology_field"
        )
