from django.contrib import admin

from .models import AssignmentProposal, AssignmentRun, DeclaredConflict, NeedAssignment


@admin.register(DeclaredConflict)
class DeclaredConflictAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "project_manager", "institute", "reason")
    list_select_related = ("enterprise", "project_manager", "institute")
    autocomplete_fields = ("enterprise",)
    raw_id_fields = ("project_manager", "institute")


@admin.register(AssignmentRun)
class AssignmentRunAdmin(admin.ModelAdmin):
    raw_id_fields = ("needs",)
    list_display = (
        "__str__",
        "status",
        "handlers_per_need",
        "objective",
        "unmet",
        "created_by",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = ("created_by",)
    readonly_fields = ("diagnosis",)


@admin.register(AssignmentProposal)
class AssignmentProposalAdmin(admin.ModelAdmin):
    raw_id_fields = ("need", "project_manager")
    list_display = (
        "run",
        "need_id",
        "handler_type",
        "project_manager",
        "institute",
        "quality",
        "pinned",
    )
    list_select_related = ("run", "project_manager", "institute")


@admin.register(NeedAssignment)
class NeedAssignmentAdmin(admin.ModelAdmin):
    raw_id_fields = ("need", "project_manager")
    list_display = ("need_id", "project_manager", "institute", "run", "assigned_by")
    list_select_related = ("project_manager", "institute", "run", "assigned_by")
