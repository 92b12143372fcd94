from django.contrib import admin

from .models import Fellow, GraduateStudent


@admin.register(Fellow)
class FellowAdmin(admin.ModelAdmin):
    list_display = ("expert", "level", "institute", "technology_field", "hired_on")
    list_filter = ("level", "technology_field")
    search_fields = ("expert__name_zh", "expert__name_en")
    date_hierarchy = "hired_on"
    autocomplete_fields = ("expert",)


@admin.register(GraduateStudent)
class GraduateStudentAdmin(admin.ModelAdmin):
    list_display = (
        "name_zh",
        "name_en",
        "degree",
        "university",
        "institute",
        "enrolled_on",
        "graduated_on",
    )
    list_filter = ("degree", "university")
    search_fields = ("name_zh", "name_en", "project_title")
    date_hierarchy = "enrolled_on"
    autocomplete_fields = ("university_supervisor", "institute_supervisor")
