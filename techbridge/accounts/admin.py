from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "organisation__name_zh", "organisation__name_en")
    autocomplete_fields = ("user", "organisation")
