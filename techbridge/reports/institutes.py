"""An institute's yearly figures, each with the place it came from.

Stored figures (revenue by source, headcount) are read from :class:`RevenueRecord` and
:class:`InstituteYear`, whose ``origin`` says whether they were entered by hand or imported
from Excel. Derived figures are counted from the platform's own records:

==========================  ==================================================================
key                         counted as
==========================  ==================================================================
contracts_signed            cooperation contracts signed in the year with the institute as
                            contractor (the provider of the technology)
contract_value_cny          their total value
achievements_transferred    distinct achievements owned by the institute transferred in the year
spinoffs                    spin-offs of the institute founded in the year
students_enrolled           jointly trained graduate students who enrolled at it in the year
students_graduated          those who graduated in the year
==========================  ==================================================================

Enterprise-contract revenue exists both ways: the stored revenue record is used when there
is one, and the payments received on the institute's contracts that year are given beside
it; without a record, the payments are the figure (origin ``derived``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from techbridge.achievements.models import AchievementTransfer
from techbridge.cooperation.models import ContractPayment, CooperationContract
from techbridge.core.permissions import memberships_of
from techbridge.institutes.choices import FigureOrigin, RevenueSource
from techbridge.institutes.models import InstituteYear, ResearchInstitute, RevenueRecord
from techbridge.needs.visibility import NeedAudience
from techbridge.talent.models import GraduateStudent
from techbridge.ventures.models import SpinOff

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class YearFigure:
    """One figure of one year: its value (``None`` when nothing is on record) and origin."""

    key: str
    label: StrOrPromise
    value: int | None
    origin: str  # a FigureOrigin value, or "" when nothing is on record
    unit: str = "count"  # "cny", "count" or "people"
    #: The platform's own count when a stored figure is used instead of it.
    derived_value: int | None = None

    @property
    def origin_label(self) -> StrOrPromise:
        return FigureOrigin(self.origin).label if self.origin else _("暂无记录")


@dataclass
class InstituteYearFigures:
    institute_id: int
    year: int
    figures: dict[str, YearFigure] = field(default_factory=dict)

    @property
    def revenue_cny(self) -> int:
        """Revenue of the year, all sources on record (or derived) added up."""
        return sum(f.value or 0 for key, f in self.figures.items() if key.startswith("revenue_"))

    def __getitem__(self, key: str) -> YearFigure:
        return self.figures[key]

    def __iter__(self) -> Iterator[YearFigure]:
        return iter(self.figures.values())


REVENUE_KEYS = {
    RevenueSource.ENTERPRISE_CONTRACTS: "revenue_enterprise_contracts",
    RevenueSource.GOVERNMENT: "revenue_government",
    RevenueSource.SPINOFF_INCOME: "revenue_spinoff_income",
    RevenueSource.OTHER: "revenue_other",
}


def _cny(value: Decimal | int | float | None) -> int:
    return int(Decimal(value or 0).quantize(Decimal(1)))


def _by_institute(queryset: QuerySet[Any], key: str, value: object) -> dict[int, int]:
    rows = queryset.values_list(key).annotate(v=value).order_by()
    return {inst: _cny(v) for inst, v in rows}


def figures_for(institute_ids: list[int], year: int) -> dict[int, InstituteYearFigures]:
    """The year's figures of several institutes at once (a fixed number of queries)."""
    revenue: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    staff: dict[int, tuple[int | None, int | None, str]] = {}
    for inst, source, stored_amount, origin in RevenueRecord.objects.filter(
        institute_id__in=institute_ids, year=year
    ).values_list("institute_id", "source", "amount_cny", "origin"):
        revenue[inst][source] = (_cny(stored_amount), origin)
    staff |= {
        row[0]: (row[1], row[2], row[3])
        for row in InstituteYear.objects.filter(
            institute_id__in=institute_ids, year=year
        ).values_list("institute_id", "headcount", "researchers", "origin")
    }
    contracts = CooperationContract.objects.filter(
        contractor_id__in=institute_ids, signed_on__year=year
    )
    signed = _by_institute(contracts, "contractor_id", Count("id"))
    value = _by_institute(contracts, "contractor_id", Sum("value_cny"))
    payments = _by_institute(
        ContractPayment.objects.filter(
            contract__contractor_id__in=institute_ids, received_on__year=year
        ),
        "contract__contractor_id",
        Sum("amount_cny"),
    )
    transfers = _by_institute(
        AchievementTransfer.objects.filter(
            achievement__owner_id__in=institute_ids, transferred_on__year=year
        ),
        "achievement__owner_id",
        Count("achievement", distinct=True),
    )
    spinoffs = _by_institute(
        SpinOff.objects.filter(institute_id__in=institute_ids, founded_on__year=year),
        "institute_id",
        Count("id"),
    )
    students = GraduateStudent.objects.filter(institute_id__in=institute_ids)
    enrolled = _by_institute(students.filter(enrolled_on__year=year), "institute_id", Count("id"))
    graduated = _by_institute(students.filter(graduated_on__year=year), "institute_id", Count("id"))

    result = {}
    for inst in institute_ids:
        out = InstituteYearFigures(inst, year)
        figures = out.figures
        stored = revenue.get(inst, {})
        for source, key in REVENUE_KEYS.items():
            if source in stored:
                amount, origin = stored[source]
                beside = (
                    payments.get(inst) if source == RevenueSource.ENTERPRISE_CONTRACTS else None
                )
                figures[key] = YearFigure(key, source.label, amount, origin, "cny", beside)
            elif source == RevenueSource.ENTERPRISE_CONTRACTS and inst in payments:
                figures[key] = YearFigure(
                    key, source.label, payments[inst], FigureOrigin.DERIVED, "cny"
                )
            elif source != RevenueSource.OTHER:
                figures[key] = YearFigure(key, source.label, None, "", "cny")
        headcount, researchers, staff_origin = staff.get(inst, (None, None, ""))
        figures["headcount"] = YearFigure(
            "headcount", _("员工人数"), headcount, staff_origin, "people"
        )
        figures["researchers"] = YearFigure(
            "researchers", _("研发人员数"), researchers, staff_origin, "people"
        )
        for key, label, counts, unit in (
            ("contracts_signed", _("签订技术合同"), signed, "count"),
            ("contract_value_cny", _("技术合同金额"), value, "cny"),
            ("achievements_transferred", _("转化科技成果"), transfers, "count"),
            ("spinoffs", _("衍生孵化企业"), spinoffs, "count"),
            ("students_enrolled", _("联合培养研究生（入学）"), enrolled, "people"),
            ("students_graduated", _("联合培养研究生（毕业）"), graduated, "people"),
        ):
            figures[key] = YearFigure(key, label, counts.get(inst, 0), FigureOrigin.DERIVED, unit)
        result[inst] = out
    return result


def institute_year_figures(institute: ResearchInstitute, year: int) -> InstituteYearFigures:
    """Every figure of ``institute`` for ``year``, each with its value and origin."""
    return figures_for([institute.pk], year)[institute.pk]


def institute_trend(
    institute: ResearchInstitute, years: Iterable[int]
) -> list[InstituteYearFigures]:
    """The institute's figures year by year (for the trend chart)."""
    return [institute_year_figures(institute, year) for year in years]


def institutes_of(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ResearchInstitute]:
    """The institutes whose dashboards ``user`` may open: every one for headquarters staff,
    else those the user is an active member of."""
    institutes = ResearchInstitute.objects.all()
    if NeedAudience.of(user).is_headquarters:
        return institutes
    if not user.is_authenticated:
        return institutes.none()
    return institutes.filter(pk__in=[organisation for organisation, _ in memberships_of(user)])
