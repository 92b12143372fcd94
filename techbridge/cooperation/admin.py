from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from techbridge.needs.admin import OnVisibleNeedAdmin

from .models import (
    CaseMeeting,
    CaseMessage,
    CaseStageChange,
    ContractMilestone,
    ContractPayment,
    CooperationCase,
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
    MajorProjectMilestone,
)
from .services import record_payment, save_contract


class MilestoneInline(admin.TabularInline):
    model = ContractMilestone
    extra = 0


class PaymentInline(admin.TabularInline):
    raw_id_fields = ("milestone",)
    model = ContractPayment
    extra = 0


@admin.register(CooperationContract)
class CooperationContractAdmin(admin.ModelAdmin):
    list_display = ("contract_number", "title", "client", "contractor", "value_cny", "signed_on")
    list_filter = ("status", "contractor")
    search_fields = ("contract_number", "title", "client__name_zh")
    date_hierarchy = "signed_on"
    autocomplete_fields = ("need", "jic", "client", "contractor")
    raw_id_fields = ("case", "other_parties")
    inlines = [MilestoneInline, PaymentInline]

    def save_model(
        self, request: HttpRequest, obj: CooperationContract, form: Any, change: bool
    ) -> None:
        # The contract service, as the API and the register import write contracts.
        save_contract(request.user, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not ContractPayment:
            super().save_formset(request, form, formset, change)
            return
        for payment in formset.save(commit=False):
            record_payment(request.user, payment)
        for payment in formset.deleted_objects:
            payment.delete()


@admin.register(ContractMilestone)
class ContractMilestoneAdmin(admin.ModelAdmin):
    raw_id_fields = ("contract",)
    list_display = ("title", "contract", "due_on", "accepted_on", "amount_cny")
    date_hierarchy = "due_on"
    search_fields = ("title", "contract__contract_number")


@admin.register(ContractPayment)
class ContractPaymentAdmin(admin.ModelAdmin):
    list_display = ("contract", "received_on", "amount_cny")
    date_hierarchy = "received_on"
    search_fields = ("contract__contract_number",)
    raw_id_fields = ("contract", "milestone")

    def save_model(
        self, request: HttpRequest, obj: ContractPayment, form: Any, change: bool
    ) -> None:
        # The form has checked the payment's rules (ContractPayment.clean); the service
        # locks the contract and writes it as the API does.
        record_payment(request.user, obj)


class FundingInline(admin.TabularInline):
    model = MajorProjectFunding
    extra = 0


class MajorMilestoneInline(admin.TabularInline):
    model = MajorProjectMilestone
    extra = 0


@admin.register(MajorProject)
class MajorProjectAdmin(admin.ModelAdmin):
    raw_id_fields = ("partners",)
    list_display = ("name_zh", "name_en", "lead_institute", "approved_on", "status")
    list_filter = ("status",)
    search_fields = ("name_zh", "name_en")
    date_hierarchy = "approved_on"
    inlines = [FundingInline, MajorMilestoneInline]


@admin.register(MajorProjectFunding)
class MajorProjectFundingAdmin(admin.ModelAdmin):
    list_display = ("project", "source", "funder", "amount_cny")
    list_filter = ("source",)


@admin.register(MajorProjectMilestone)
class MajorProjectMilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "due_on", "completed_on")


class StageChangeInline(admin.TabularInline):
    model = CaseStageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "note", "actor", "changed_at")


@admin.register(CooperationCase)
class CooperationCaseAdmin(OnVisibleNeedAdmin):
    list_display = ("need", "resource_name", "stage", "stage_since", "institute")
    list_filter = ("stage",)
    list_select_related = ("need", "institute")
    search_fields = ("resource_name", "need__title")
    raw_id_fields = ("need",)
    inlines = [StageChangeInline]


@admin.register(CaseStageChange)
class CaseStageChangeAdmin(OnVisibleNeedAdmin):
    raw_id_fields = ("case", "actor")
    need_lookup = "case__need"
    list_display = ("case", "from_stage", "to_stage", "actor", "changed_at")
    list_select_related = ("case__need", "actor")


@admin.register(CaseMessage)
class CaseMessageAdmin(OnVisibleNeedAdmin):
    need_lookup = "case__need"
    list_display = ("case", "author", "created_at", "attachment")
    list_select_related = ("case__need", "author")
    search_fields = ("body", "case__resource_name")
    raw_id_fields = ("case", "author")
    readonly_fields = ("attachment_content_type",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Messages are posted on the case page or the API (``services.post_case_message``).
        return False


@admin.register(CaseMeeting)
class CaseMeetingAdmin(OnVisibleNeedAdmin):
    need_lookup = "case__need"
    list_display = ("title", "case", "starts_at", "duration_minutes", "organiser")
    list_select_related = ("case__need", "organiser")
    date_hierarchy = "starts_at"
    search_fields = ("title", "case__resource_name")
    raw_id_fields = ("case", "organiser")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Meetings are scheduled on the case page or the API (``services.schedule_meeting``).
        return False
