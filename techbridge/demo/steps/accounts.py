"""Accounts: the demo's users and their memberships."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from techbridge.accounts.models import Membership
from techbridge.assignments.models import NeedAssignment
from techbridge.cooperation.models import CooperationCase
from techbridge.core.choices import Role
from techbridge.demo.base import DEMO_PASSWORD, DemoBase
from techbridge.needs.choices import Confidentiality, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.people.models import Expert, ProjectManager

#: Needs headquarters assigned to the demo's project manager: with a case under way, and
#: still waiting for one.
PM_NEEDS_WITH_CASES = 3
PM_NEEDS_WITHOUT_CASES = 3


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

    def _project_manager_work(self) -> None:
        """The demo's project manager (account ``pm``): the project manager whose field has
        the most cases under way, assigned needs of that field by headquarters (some with a
        case under way, which the project manager then owns, and some still to introduce).
        Chosen in a fixed order, drawing nothing from the random streams."""
        User = get_user_model()
        hq = User.objects.get(username="hq")
        open_cases = CooperationCase.objects.filter(
            stage__in=("introduced", "in_contact", "negotiating"),
            need__status=NeedStatus.OPEN,
        ).exclude(need__confidentiality=Confidentiality.NAMED_ONLY)
        by_field: dict[int, int] = defaultdict(int)
        for field_id in open_cases.values_list("need__technology_field_id", flat=True):
            by_field[field_id] += 1
        managers = ProjectManager.objects.filter(technology_field_id__in=by_field).order_by("pk")
        manager = max(managers, key=lambda m: (by_field[m.technology_field_id], -m.pk))
        field_cases = open_cases.filter(need__technology_field_id=manager.technology_field_id)
        with_cases = list(
            dict.fromkeys(field_cases.order_by("need_id").values_list("need_id", flat=True))
        )[:PM_NEEDS_WITH_CASES]
        without_cases = list(
            TechnologyNeed.objects.filter(
                technology_field_id=manager.technology_field_id,
                status=NeedStatus.OPEN,
                cases__isnull=True,
            )
            .exclude(confidentiality=Confidentiality.NAMED_ONLY)
            .order_by("-submitted_on", "pk")
            .values_list("pk", flat=True)[:PM_NEEDS_WITHOUT_CASES]
        )
        if manager.name_zh:
            last, first = manager.name_zh[:1], manager.name_zh[1:]
        else:
            first, _space, last = manager.name_en.partition(" ")
        user = User.objects.create(
            username="pm",
            first_name=first,
            last_name=last,
            email="pm@techbridge.example",
            password=make_password(DEMO_PASSWORD),
        )
        ProjectManager.objects.filter(pk=manager.pk).update(user=user)
        self._bulk(
            NeedAssignment,
            [
                NeedAssignment(need_id=pk, project_manager=manager, assigned_by=hq)
                for pk in [*with_cases, *without_cases]
            ],
        )
        field_cases.filter(need_id__in=with_cases).update(owner=user)
        self.world_.counts["user"] += 1
