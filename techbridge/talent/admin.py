from django.contrib import admin

from .models import CourseEnrolment, Fellow, GraduateCohort, GraduateStudent, ProjectCourse


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
    list_select_related = ("university", "institute")
    search_fields = ("name_zh", "name_en", "project_title")
    date_hierarchy = "enrolled_on"
    autocomplete_fields = ("university_supervisor", "institute_supervisor")


@admin.register(GraduateCohort)
class GraduateCohortAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "university", "year")
    list_filter = ("year", "university")
    list_select_related = ("university",)
    search_fields = ("name_zh", "name_en")


class EnrolmentInline(admin.TabularInline):
    model = CourseEnrolment
    extra = 0
    autocomplete_fields = ("student",)


@admin.register(ProjectCourse)
class ProjectCourseAdmin(admin.ModelAdmin):
    raw_id_fields = ("students",)
    list_display = ("title_zh", "title_en", "institute", "university", "year", "term")
    list_filter = ("year", "term", "university")
    list_select_related = ("institute", "university")
    search_fields = ("title_zh", "title_en")
    inlines = [EnrolmentInline]


@admin.register(CourseEnrolment)
class CourseEnrolmentAdmin(admin.ModelAdmin):
    raw_id_fields = ("course",)
    list_display = ("course", "student", "grade", "passed")
    list_filter = ("passed",)
    list_select_related = ("course", "student")
    search_fields = ("course__title_zh", "student__name_zh", "student__name_en")
    autocomplete_fields = ("student",)
