from django.contrib import admin
from django.http import HttpRequest
from knox import models as knox_models

from .models import ApiToken, DirectoryRoleRule, ExternalIdentity, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "is_active", "from_directory")
    list_filter = ("role", "is_active", "from_directory")
    search_fields = ("user__username", "organisation__name_zh", "organisation__name_en")
    autocomplete_fields = ("user", "organisation")


@admin.register(DirectoryRoleRule)
class DirectoryRoleRuleAdmin(admin.ModelAdmin):
    """Which directory group gives which role: applied at each single sign-on."""

    list_display = ("group", "organisation", "role", "system_admin")
    list_filter = ("role", "system_admin")
    search_fields = ("group", "organisation__name_zh", "organisation__name_en")
    autocomplete_fields = ("organisation",)


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Who signed in through which provider, with the groups it gave at the last sign-in."""

    list_display = ("user", "provider", "subject", "last_sign_in")
    list_filter = ("provider",)
    search_fields = ("user__username", "subject")
    readonly_fields = ("user", "provider", "subject", "groups", "last_sign_in")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see and revoke (delete) tokens; users issue their own on their page."""

    list_display = ("user", "name", "scope", "token_key", "created", "expiry")
    list_filter = ("scope",)
    search_fields = ("user__username", "name", "token_key")
    readonly_fields = ("user", "name", "scope", "token_key", "created", "expiry")
    exclude = ("digest",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# The library's own token admin is for its default model, which this project swaps out.
if knox_models.AuthToken in admin.site._registry:
    admin.site.unregister(knox_models.AuthToken)
