"""Roles imply admin permissions: headquarters staff manage registers, others do not."""

from typing import Any

import pytest
from django.test import Client

from techbridge.core.choices import Role
from techbridge.organisations.models import Enterprise, Organisation

pytestmark = pytest.mark.django_db


def test_hq_staff_may_manage_registers(user_factory: Any) -> None:
    hq = Organisation.objects.get(kind="headquarters")
    user = user_factory("hq-2", hq, Role.HQ_STAFF, is_staff=True)
    assert user.has_perm("cooperation.change_cooperationcontract")
    assert user.has_perm("needs.view_technologyneed")
    assert not user.has_perm("auth.delete_user")
    client = Client()
    client.force_login(user)
    assert client.get("/admin/cooperation/cooperationcontract/").status_code == 200


def test_enterprise_user_gets_no_register_permissions(user_factory: Any) -> None:
    user = user_factory("ent-2", Enterprise.objects.first(), Role.ENTERPRISE_USER, is_staff=True)
    assert not user.has_perm("needs.view_technologyneed")
    client = Client()
    client.force_login(user)
    assert client.get("/admin/cooperation/cooperationcontract/").status_code == 403


def test_inactive_membership_grants_nothing(user_factory: Any) -> None:
    hq = Organisation.objects.get(kind="headquarters")
    user = user_factory("hq-3", hq, Role.HQ_STAFF)
    user.memberships.update(is_active=False)
    assert not user.has_perm("needs.view_technologyneed")
