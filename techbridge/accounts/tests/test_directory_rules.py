"""The parts of directory roles that need no directory: how groups are named by rules, and
which rules are complete."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from techbridge.accounts.directory import group_keys
from techbridge.accounts.models import DirectoryRoleRule


def test_a_group_is_known_by_its_dn_and_its_name_without_case() -> None:
    keys = group_keys(["cn=TechBridge-HQ,ou=groups,dc=example,dc=org", " experts ", ""])
    assert keys == {
        "cn=techbridge-hq,ou=groups,dc=example,dc=org",
        "techbridge-hq",
        "experts",
    }


@pytest.mark.parametrize(
    ("organisation_id", "role", "system_admin", "complete"),
    [
        (1, "hq_staff", False, True),
        (None, "", True, True),
        (1, "expert", True, True),
        (None, "hq_staff", False, False),  # a role needs its organisation
        (1, "", False, False),  # an organisation without a role gives nothing
        (None, "", False, False),  # a rule that gives nothing
    ],
)
def test_a_rule_gives_a_role_in_an_organisation_or_administration(
    organisation_id: int | None, role: str, system_admin: bool, complete: bool
) -> None:
    rule = DirectoryRoleRule(
        group="techbridge-hq", organisation_id=organisation_id, role=role, system_admin=system_admin
    )
    if complete:
        rule.clean()
    else:
        with pytest.raises(ValidationError):
            rule.clean()
