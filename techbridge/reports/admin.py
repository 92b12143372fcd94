from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    """Requested report files, read-only: written by the request and its job."""

    list_display = ("id", "year", "fmt", "language", "requested_by", "state", "created_at")
    list_filter = ("state", "fmt", "year")
    list_select_related = ("requested_by",)
    search_fields = ("requested_by__username", "error")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
