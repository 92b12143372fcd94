"""The app's registers: listed, exported and imported by the registers pages."""

from __future__ import annotations

from techbridge.core.registers import Register

REGISTERS: list[Register] = [
    Register(
        "jics",
        "jics.JointInnovationCenter",
        (
            "name_zh",
            "name_en",
            "enterprise",
            "institute",
            "established_on",
            "period_start",
            "period_end",
            "planned_investment_cny",
            "committed_investment_cny",
            "spent_investment_cny",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.jics.filtersets.JointInnovationCenterFilterSet",
        icon="ti-affiliate",
    ),
]
