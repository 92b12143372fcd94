"""The app's registers: listed, exported and imported by the registers pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from techbridge.core.registers import Register
from techbridge.needs.services import needs_readable_in_full

from .services import save_contract, visible_cases
from .views import visible_contracts


def _contracts(request: HttpRequest) -> QuerySet[Any]:
    return visible_contracts(request)


def _cases(request: HttpRequest) -> QuerySet[Any]:
    return visible_cases(request.user)


REGISTERS: list[Register] = [
    Register(
        "contracts",
        "cooperation.CooperationContract",
        (
            "contract_number",
            "title",
            "title_en",
            "client",
            "contractor",
            "jic",
            "need",
            "value_cny",
            "signed_on",
            "start_on",
            "end_on",
            "status",
        ),
        natural_key=("contract_number",),
        writer=save_contract,
        filterset="techbridge.cooperation.filtersets.CooperationContractFilterSet",
        search=("contract_number", "title", "title_en"),
        staff_only=False,
        visible_rule=_contracts,
        related_querysets={"need": needs_readable_in_full},
        list_columns=("contract_number", "title", "client", "contractor", "value_cny", "signed_on"),
        icon="ti-file-certificate",
    ),
    Register(
        "cases",
        "cooperation.CooperationCase",
        (
            "id",
            "need",
            "resource_type",
            "resource_name",
            "resource_name_en",
            "institute",
            "stage",
            "stage_since",
        ),
        filterset=("stage", "institute"),
        search=("resource_name", "resource_name_en"),
        staff_only=False,
        importable=False,
        visible_rule=_cases,
        related_querysets={"need": needs_readable_in_full},
        icon="ti-layout-kanban",
    ),
    Register(
        "major-projects",
        "cooperation.MajorProject",
        ("name_zh", "name_en", "lead_institute", "approved_on", "status", "description"),
        natural_key=("name_zh",),
        filterset="techbridge.cooperation.filtersets.MajorProjectFilterSet",
        icon="ti-rocket",
    ),
]
