"""Headline figures of a year, computed from the records by query (never stored totals).

The definitions follow the President's Statement of an annual report:

========================  ===============================================================
key                       counted as
========================  ===============================================================
new_institutes            research institutes that joined the network in the year
project_managers          project managers introduced in the year
fellows                   Fellows and Junior Fellows hired in the year
spinoffs                  spin-off enterprises founded in the year
revenue_cny               institutes' revenue of the year, all sources
achievements_transferred  distinct achievements transferred to industry in the year
new_jics                  Joint Innovation Centers established in the year
needs                     technology needs documented by JICs, submitted in the year
planned_investment_cny    planned investment of the JICs established in the year
cooperation_projects      cooperation contracts reached through JICs, signed in the year
contract_value_cny        their total contract value
overseas_partners         overseas partners whose first agreement was signed in the year
major_projects            major projects approved in the year
major_project_investment  total funding of those major projects
graduates                 jointly trained graduate students enrolled in the year
========================  ===============================================================
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Max, Min, Sum

from techbridge.achievements.models import AchievementTransfer
from techbridge.cooperation.models import (
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
)
from techbridge.institutes.models import ResearchInstitute, RevenueRecord
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.visibility import NeedAudience
from techbridge.organisations.models import OverseasPartner
from techbridge.people.models import ProjectManager
from techbridge.talent.models import Fellow, GraduateStudent
from techbridge.ventures.models import SpinOff

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class AnnualFigures(TypedDict):
    year: int
    new_institutes: int
    project_managers: int
    fellows: int
    spinoffs: int
    revenue_cny: int
    achievements_transferred: int
    new_jics: int
    needs: int
    planned_investment_cny: int
    cooperation_projects: int
    contract_value_cny: int
    overseas_partners: int
    major_projects: int
    major_project_investment_cny: int
    graduates: int


def _cny(value: Decimal | None) -> int:
    return int((value or Decimal(0)).quantize(Decimal(1)))


def annual_figures(
    year: int, user: AbstractBaseUser | AnonymousUser | None = None
) -> AnnualFigures:
    """The year's headline figures. With ``user``, needs are counted as the rule allows."""
    needs = TechnologyNeed.objects.all()
    if user is not None:
        needs = NeedAudience.of(user).countable(needs)
    jic_contracts = CooperationContract.objects.filter(jic__isnull=False, signed_on__year=year)
    new_jics = JointInnovationCenter.objects.filter(established_on__year=year)
    return AnnualFigures(
        year=year,
        new_institutes=ResearchInstitute.objects.filter(joined_on__year=year).count(),
        project_managers=ProjectManager.objects.filter(introduced_on__year=year).count(),
        fellows=Fellow.objects.filter(hired_on__year=year).count(),
        spinoffs=SpinOff.objects.filter(founded_on__year=year).count(),
        revenue_cny=_cny(
            RevenueRecord.objects.filter(year=year).aggregate(s=Sum("amount_cny"))["s"]
        ),
        achievements_transferred=AchievementTransfer.objects.filter(transferred_on__year=year)
        .values("achievement_id")
        .distinct()
        .count(),
        new_jics=new_jics.count(),
        needs=needs.filter(jic__isnull=False, submitted_on__year=year).count(),
        planned_investment_cny=_cny(new_jics.aggregate(s=Sum("planned_investment_cny"))["s"]),
        cooperation_projects=jic_contracts.count(),
        contract_value_cny=_cny(jic_contracts.aggregate(s=Sum("value_cny"))["s"]),
        overseas_partners=OverseasPartner.objects.annotate(first=Min("agreements__signed_on"))
        .filter(first__year=year)
        .count(),
        major_projects=MajorProject.objects.filter(approved_on__year=year).count(),
        major_project_investment_cny=_cny(
            MajorProjectFunding.objects.filter(project__approved_on__year=year).aggregate(
                s=Sum("amount_cny")
            )["s"]
        ),
        graduates=GraduateStudent.objects.filter(enrolled_on__year=year).count(),
    )


def latest_year_with_data() -> int:
    """The most recent year with revenue on record (the last closed reporting year)."""
    year = RevenueRecord.objects.aggregate(y=Max("year"))["y"]
    return int(year) if year else 2020
