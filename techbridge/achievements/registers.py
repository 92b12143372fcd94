"""The app's registers: listed, exported and imported by the registers pages."""

from __future__ import annotations

from techbridge.core.registers import Register

REGISTERS: list[Register] = [
    Register(
        "achievements",
        "achievements.TechnologicalAchievement",
        (
            "id",
            "title",
            "kind",
            "readiness",
            "owner",
            "technology_field",
            "patent_number",
            "created_on",
            "language",
            "description",
            "keywords",
        ),
        filterset="techbridge.achievements.filtersets.TechnologicalAchievementFilterSet",
        search=("title", "patent_number", "keywords"),
        icon="ti-bulb",
    ),
    Register(
        "achievement-transfers",
        "achievements.AchievementTransfer",
        ("id", "achievement", "recipient", "mode", "transferred_on", "value_cny"),
        filterset="techbridge.achievements.filtersets.AchievementTransferFilterSet",
        search=("achievement__title", "recipient__name_zh"),
        icon="ti-transfer",
    ),
]
