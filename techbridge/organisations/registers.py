"""The app's registers: listed, exported and imported by the registers pages."""

from __future__ import annotations

from techbridge.core.registers import Register

REGISTERS: list[Register] = [
    Register(
        "enterprises",
        "organisations.Enterprise",
        (
            "name_zh",
            "name_en",
            "industry",
            "size",
            "region",
            "city",
            "unified_credit_code",
            "website",
        ),
        natural_key=("name_zh",),
        match_by=("unified_credit_code",),
        filterset="techbridge.organisations.filtersets.EnterpriseFilterSet",
        search=("name_zh", "name_en", "unified_credit_code"),
        icon="ti-building-factory-2",
    ),
    Register(
        "universities",
        "organisations.University",
        ("name_zh", "name_en", "country", "region", "city", "is_partner", "website"),
        natural_key=("name_zh",),
        filterset="techbridge.organisations.filtersets.UniversityFilterSet",
        icon="ti-school",
    ),
    Register(
        "overseas-partners",
        "organisations.OverseasPartner",
        (
            "name_zh",
            "name_en",
            "partner_type",
            "country",
            "city",
            "parent_name",
            "department",
            "website",
            "technology_fields",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.organisations.filtersets.OverseasPartnerFilterSet",
        search=("name_zh", "name_en", "parent_name"),
        icon="ti-world",
    ),
    Register(
        "partnership-agreements",
        "organisations.PartnershipAgreement",
        ("partner", "title", "signed_on", "valid_from", "valid_until", "scope"),
        natural_key=("partner", "title"),
        filterset="techbridge.organisations.filtersets.PartnershipAgreementFilterSet",
        search=("title", "partner__name_zh", "partner__name_en"),
        icon="ti-signature",
    ),
    Register(
        "joint-projects",
        "organisations.JointProject",
        (
            "name_zh",
            "name_en",
            "partner",
            "agreement",
            "institute",
            "started_on",
            "ended_on",
            "budget_cny",
            "experts",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.organisations.filtersets.JointProjectFilterSet",
        icon="ti-world-share",
    ),
]
