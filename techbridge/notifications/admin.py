from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    list_select_related = ("recipient",)
    search_fields = ("title", "recipient__username", "dedupe_key")
    date_hierarchy = "created_at"
    raw_id_fields = ("recipient",)
