from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import DisclosureRequest, NeedAttachment, NeedEvent, TechnologyNeed


@admin.register(TechnologyNeed)
class TechnologyNeedAdmin(admin.ModelAdmin):
    raw_id_fields = ("duplicate_of",)
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


class OnVisibleNeedAdmin(admin.ModelAdmin):
    """Records that belong to a need are shown only where the need is visible.

    ``need_lookup`` is the path from the record to its need (``"need"``, ``"case__need"``).
    """

    need_lookup = "need"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = TechnologyNeed.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.need_lookup}__in": visible})


@admin.register(NeedEvent)
class NeedEventAdmin(OnVisibleNeedAdmin):
    raw_id_fields = ("related_need",)
    list_display = ("need", "kind", "from_status", "to_status", "actor", "created_at")
    list_filter = ("kind",)
    list_select_related = ("need", "actor")
    readonly_fields = ("need", "kind", "from_status", "to_status", "note", "actor")


@admin.register(NeedAttachment)
class NeedAttachmentAdmin(OnVisibleNeedAdmin):
    list_display = ("__str__", "need", "uploaded_by", "created_at")
    list_select_related = ("need", "uploaded_by")
    raw_id_fields = ("need",)


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(OnVisibleNeedAdmin):
    list_display = ("need", "requester", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("need", "requester", "decided_by")
    raw_id_fields = ("need",)
