"""The app's registers: listed, exported and imported by the registers pages."""

from __future__ import annotations

from techbridge.core.registers import Register

REGISTERS: list[Register] = [
    Register(
        "business-units",
        "institutes.BusinessUnit",
        ("code", "name_zh", "name_en"),
        natural_key=("code",),
        search=("code", "name_zh", "name_en"),
        icon="ti-briefcase",
    ),
    Register(
        "innovation-platforms",
        "institutes.InnovationPlatform",
        ("code", "name_zh", "name_en", "business_unit"),
        natural_key=("code",),
        filterset=("business_unit",),
        search=("code", "name_zh", "name_en"),
        icon="ti-stack-2",
    ),
    Register(
        "institutes",
        "institutes.ResearchInstitute",
        (
            "name_zh",
            "name_en",
            "short_name",
            "business_unit",
            "platform",
            "region",
            "city",
            "technical_focus_zh",
            "technical_focus_en",
            "founding_year",
            "joined_on",
            "need_capacity",
            "website",
            "technology_fields",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.institutes.filtersets.ResearchInstituteFilterSet",
        search=("name_zh", "name_en", "short_name"),
        list_columns=("name_zh", "short_name", "business_unit", "region", "founding_year"),
        icon="ti-building",
    ),
    Register(
        "institute-years",
        "institutes.InstituteYear",
        ("institute", "year", "headcount", "researchers", "origin"),
        natural_key=("institute", "year"),
        filterset=("institute", "year", "origin"),
        search=("institute__name_zh", "institute__name_en"),
        icon="ti-calendar-stats",
    ),
    Register(
        "revenue-records",
        "institutes.RevenueRecord",
        ("institute", "year", "source", "amount_cny", "origin"),
        natural_key=("institute", "year", "source"),
        filterset="techbridge.institutes.filtersets.RevenueRecordFilterSet",
        search=("institute__name_zh", "institute__name_en"),
        icon="ti-coin-yuan",
    ),
]
