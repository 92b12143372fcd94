from django.contrib import admin

from .models import (
    Enterprise,
    JointProject,
    Organisation,
    OverseasPartner,
    PartnershipAgreement,
    University,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "kind", "region", "country")
    list_filter = ("kind", "region", "country")
    search_fields = ("name_zh", "name_en")


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    raw_id_fields = ("competitors",)
    list_display = ("name_zh", "name_en", "industry", "size", "region")
    list_filter = ("industry", "size", "region")
    search_fields = ("name_zh", "name_en", "unified_credit_code")
    exclude = ("kind",)


@admin.register(University)
class UniversityAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "country", "is_partner")
    list_filter = ("is_partner", "country")
    search_fields = ("name_zh", "name_en")
    exclude = ("kind",)


class PartnershipAgreementInline(admin.TabularInline):
    model = PartnershipAgreement
    extra = 0


@admin.register(OverseasPartner)
class OverseasPartnerAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "partner_type", "country", "department")
    list_filter = ("partner_type", "country")
    search_fields = ("name_zh", "name_en", "parent_name", "department")
    inlines = [PartnershipAgreementInline]
    exclude = ("kind",)


@admin.register(PartnershipAgreement)
class PartnershipAgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "partner", "signed_on", "valid_from", "valid_until")
    list_filter = ("signed_on",)
    search_fields = ("title", "partner__name_zh", "partner__name_en")


@admin.register(JointProject)
class JointProjectAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "partner", "institute", "started_on", "ended_on")
    list_filter = ("started_on",)
    list_select_related = ("partner", "institute")
    search_fields = ("name_zh", "name_en", "partner__name_zh", "partner__name_en")
    autocomplete_fields = ("experts",)
