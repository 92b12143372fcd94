"""People around one open need: its enterprise's users and headquarters staff."""

from typing import Any

import pytest

from techbridge.cooperation.models import CooperationCase
from techbridge.core.choices import Role
from techbridge.institutes.models import ResearchInstitute
from techbridge.matching.services import record_decision
from techbridge.needs.choices import Confidentiality, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Organisation


@pytest.fixture
def hq(user_factory: Any) -> Any:
    org = Organisation.objects.get(kind="headquarters")
    return user_factory("hq-notify", org, Role.HQ_STAFF, email="hq-notify@example.org")


def open_need(confidentiality: str) -> TechnologyNeed:
    need = (
        TechnologyNeed.objects.filter(status=NeedStatus.OPEN, confidentiality=confidentiality)
        .order_by("pk")
        .first()
    )
    assert need is not None
    return need


@pytest.fixture
def need() -> TechnologyNeed:
    return open_need(Confidentiality.STAFF_ONLY)


@pytest.fixture
def enterprise_user(user_factory: Any, need: TechnologyNeed) -> Any:
    return user_factory(
        "ent-notify", need.enterprise, Role.ENTERPRISE_USER, email="ent-notify@example.org"
    )


def introduce(actor: Any, need: TechnologyNeed) -> CooperationCase:
    """An introduction by ``actor`` opens a case that ``actor`` owns."""
    institute = ResearchInstitute.objects.order_by("pk").first()
    assert institute is not None
    record_decision(actor, need, "institute", str(institute.pk), "introduced")
    return need.cases.get(resource_type="institute", resource_id=str(institute.pk))
