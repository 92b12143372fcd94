"""Accounts: the demo's users and their memberships."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from techbridge.accounts.models import Membership
from techbridge.core.choices import Role
from techbridge.demo.base import DEMO_PASSWORD, DemoBase
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.people.models import Expert


class AccountsSteps(DemoBase):
    def _users(self) -> None:
        """Demo accounts, one per role, all with the printed demo password."""
        w = self.world_
        User = get_user_model()
        password = make_password(DEMO_PASSWORD)
        needs_by_ent: dict[int, int] = defaultdict(int)
        for n in w.jic_needs + w.direct_needs:
            needs_by_ent[n.enterprise_id] += 1
        busiest = sorted(needs_by_ent, key=lambda k: (-needs_by_ent[k], k))
        ent_a, ent_b = (Enterprise.objects.get(pk=k) for k in busiest[:2])
        jic = w.jics[-1]
        expert = w.experts_by_org[w.institutes[0].pk][0]
        accounts: list[tuple[str, str, str, bool, Organisation, str]] = [
            ("admin", "系统", "管理员", True, self.hq_, Role.HQ_STAFF),
            ("hq", "张", "敏", True, self.hq_, Role.HQ_STAFF),
            ("institute", "李", "强", False, w.institutes[0], Role.INSTITUTE_STAFF),
            ("jic", "王", "芳", False, jic.institute, Role.JIC_MANAGER),
            ("enterprise", "陈", "伟", False, ent_a, Role.ENTERPRISE_USER),
            ("enterprise2", "赵", "静", False, ent_b, Role.ENTERPRISE_USER),
            (
                "expert",
                expert.name_zh[:1],
                expert.name_zh[1:],
                False,
                expert.organisation,
                Role.EXPERT,
            ),
        ]
        memberships = []
        for username, last, first, staff, org, role in accounts:
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@techbridge.example",
                password=password,
                is_staff=staff,
                is_superuser=username == "admin",
            )
            memberships.append(Membership(user=user, organisation=org, role=role))
            if username == "expert":
                Expert.objects.filter(pk=expert.pk).update(user=user)
        self._bulk(Membership, memberships)
        self.world_.counts["user"] = len(accounts)
