"""The app's registers: listed, exported and imported by the registers pages."""

from __future__ import annotations

from techbridge.core.registers import Register

REGISTERS: list[Register] = [
    Register(
        "spinoffs",
        "ventures.SpinOff",
        (
            "name_zh",
            "name_en",
            "institute",
            "project_manager",
            "technology_field",
            "founded_on",
            "registered_capital_cny",
            "institute_equity_pct",
            "network_equity_pct",
            "status",
            "exited_on",
            "exit_proceeds_cny",
        ),
        natural_key=("name_zh",),
        filterset="techbridge.ventures.filtersets.SpinOffFilterSet",
        icon="ti-plant-2",
    ),
    Register(
        "investment-rounds",
        "ventures.InvestmentRound",
        (
            "id",
            "spinoff",
            "kind",
            "closed_on",
            "amount_cny",
            "grant_cny",
            "pre_money_valuation_cny",
            "post_money_valuation_cny",
            "investors",
        ),
        filterset=("spinoff", "kind"),
        search=("spinoff__name_zh", "investors"),
        icon="ti-cash",
    ),
    Register(
        "equity-stakes",
        "ventures.EquityStake",
        ("institute", "enterprise", "equity_pct", "acquired_on"),
        natural_key=("institute", "enterprise"),
        filterset=("institute", "enterprise"),
        search=("institute__name_zh", "enterprise__name_zh"),
        icon="ti-chart-pie",
    ),
]
