from django.contrib import admin

from .models import Affiliation, Expert, ProfileDocument, ProjectManager, ProjectManagerTeamMember


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ("organisation",)


class ProfileDocumentInline(admin.StackedInline):
    model = ProfileDocument
    extra = 0


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "title", "organisation", "country")
    list_filter = ("title", "country", "technology_fields")
    search_fields = ("name_zh", "name_en", "email")
    filter_horizontal = ("technology_fields",)
    autocomplete_fields = ("organisation", "user")
    inlines = [AffiliationInline, ProfileDocumentInline]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    raw_id_fields = ("expert", "organisation")
    list_display = ("expert", "organisation", "position", "start_date", "end_date")
    search_fields = ("expert__name_zh", "expert__name_en", "organisation__name_zh")


@admin.register(ProfileDocument)
class ProfileDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "expert", "kind", "language", "year")
    list_filter = ("kind", "language", "year")
    search_fields = ("title", "abstract", "keywords", "expert__name_zh", "expert__name_en")
    autocomplete_fields = ("expert",)


class TeamInline(admin.TabularInline):
    model = ProjectManagerTeamMember
    extra = 0


@admin.register(ProjectManager)
class ProjectManagerAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "institute", "introduced_on", "origin_country")
    list_filter = ("origin_country", "technology_field")
    search_fields = ("name_zh", "name_en", "project_title")
    date_hierarchy = "introduced_on"
    inlines = [TeamInline]


@admin.register(ProjectManagerTeamMember)
class ProjectManagerTeamMemberAdmin(admin.ModelAdmin):
    raw_id_fields = ("project_manager",)
    list_display = ("name", "project_manager", "role", "joined_on")
    list_filter = ("role",)
    search_fields = ("name", "project_manager__name_zh")
