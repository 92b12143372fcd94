"""The app's registers: listed, exported and imported by the registers pages."""

from __future__ import annotations

from techbridge.core.registers import Register

REGISTERS: list[Register] = [
    Register(
        "experts",
        "people.Expert",
        (
            "id",
            "name_zh",
            "name_en",
            "organisation",
            "title",
            "country",
            "email",
            "orcid",
            "openalex_id",
            "bio_zh",
            "technology_fields",
        ),
        match_by=("email",),
        filterset="techbridge.people.filtersets.ExpertFilterSet",
        search=("name_zh", "name_en", "email"),
        list_columns=("id", "name_zh", "name_en", "organisation", "title", "country"),
        icon="ti-user-star",
    ),
    Register(
        "project-managers",
        "people.ProjectManager",
        (
            "id",
            "name_zh",
            "name_en",
            "institute",
            "introduced_on",
            "origin_country",
            "project_title",
            "technology_field",
            "capacity",
        ),
        filterset="techbridge.people.filtersets.ProjectManagerFilterSet",
        search=("name_zh", "name_en", "project_title"),
        icon="ti-user-check",
    ),
]
