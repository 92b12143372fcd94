"""Yearly figures of one institute, each with its origin, checked by hand; and who sees them."""

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from django.db.models import Model
from django.test import Client

from techbridge.achievements.models import AchievementTransfer, TechnologicalAchievement
from techbridge.cooperation.models import ContractPayment, CooperationContract
from techbridge.core.choices import Role
from techbridge.institutes.choices import FigureOrigin, RevenueSource
from techbridge.institutes.models import InstituteYear, ResearchInstitute, RevenueRecord
from techbridge.organisations.models import Enterprise
from techbridge.reports.institutes import figures_for, institute_trend, institute_year_figures
from techbridge.reports.services import annual_figures
from techbridge.talent.models import GraduateStudent
from techbridge.ventures.models import SpinOff

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

YEAR = 2031  # a year with no demo records, so every figure below is the test's own
M = TypeVar("M", bound=Model)


def _copy(record: M, **changes: Any) -> M:
    """A new record like a demo one (saves spelling out every required field)."""
    record = type(record)._default_manager.get(pk=record.pk)
    record.pk = None
    record.id = None  # type: ignore[attr-defined]
    record._state.adding = True
    for field in record._meta.concrete_fields:
        if field.one_to_one:  # a one-to-one link belongs to the original only
            setattr(record, field.attname, None)
    for name, value in changes.items():
        setattr(record, name, value)
    record.save()
    return record


@pytest.fixture
def institute() -> ResearchInstitute:
    inst = ResearchInstitute.objects.order_by("pk").first()
    assert inst is not None
    other = ResearchInstitute.objects.exclude(pk=inst.pk).order_by("pk").first()
    # Given, for 2031: revenue imported from Excel and entered by hand, staff imported
    RevenueRecord.objects.create(
        institute=inst,
        year=YEAR,
        source=RevenueSource.ENTERPRISE_CONTRACTS,
        amount_cny=Decimal("1000000"),
        origin=FigureOrigin.IMPORTED,
    )
    RevenueRecord.objects.create(
        institute=inst, year=YEAR, source=RevenueSource.GOVERNMENT, amount_cny=Decimal("500000")
    )
    InstituteYear.objects.create(
        institute=inst, year=YEAR, headcount=40, researchers=30, origin=FigureOrigin.IMPORTED
    )
    # two contracts as provider (300,000 + 200,000) with 120,000 received; one of another
    # institute's, which must not count
    contract = CooperationContract.objects.first()
    assert contract is not None
    first = _copy(
        contract,
        contractor=inst,
        value_cny=Decimal("300000"),
        signed_on=date(YEAR, 3, 1),
        contract_number="T-2031-1",
    )
    _copy(
        contract,
        contractor=inst,
        value_cny=Decimal("200000"),
        signed_on=date(YEAR, 5, 1),
        contract_number="T-2031-2",
    )
    _copy(
        contract,
        contractor=other,
        value_cny=Decimal("999000"),
        signed_on=date(YEAR, 5, 1),
        contract_number="T-2031-3",
    )
    ContractPayment.objects.create(
        contract=first, received_on=date(YEAR, 6, 1), amount_cny=Decimal("120000")
    )
    # one achievement transferred twice in 2031 (counts once), another transferred in 2030
    achievement = TechnologicalAchievement.objects.first()
    assert achievement is not None
    transfer = AchievementTransfer.objects.first()
    assert transfer is not None
    mine = _copy(achievement, owner=inst, title="T-2031 成果")
    earlier = _copy(achievement, owner=inst, title="T-2030 成果")
    for record, day in (
        (mine, date(YEAR, 1, 5)),
        (mine, date(YEAR, 9, 5)),
        (earlier, date(YEAR - 1, 9, 5)),
    ):
        _copy(transfer, achievement=record, transferred_on=day)
    spinoff = SpinOff.objects.first()
    assert spinoff is not None
    _copy(
        spinoff,
        institute=inst,
        founded_on=date(YEAR, 2, 2),
        exited_on=None,
        name_zh="T-2031 衍生企业",
        name_en="T-2031 spin-off",
    )
    student = GraduateStudent.objects.first()
    assert student is not None
    _copy(student, institute=inst, enrolled_on=date(YEAR, 9, 1), graduated_on=None)
    _copy(student, institute=inst, enrolled_on=date(YEAR, 9, 1), graduated_on=None)
    _copy(student, institute=inst, enrolled_on=date(YEAR - 3, 9, 1), graduated_on=date(YEAR, 6, 30))
    return inst


def test_every_figure_with_its_value_and_origin(institute: ResearchInstitute) -> None:
    # When the 2031 figures are read
    f = institute_year_figures(institute, YEAR)
    # then stored figures carry their own origin
    assert (f["revenue_enterprise_contracts"].value, f["revenue_enterprise_contracts"].origin) == (
        1_000_000,
        FigureOrigin.IMPORTED,
    )
    assert (f["revenue_government"].value, f["revenue_government"].origin) == (
        500_000,
        FigureOrigin.MANUAL,
    )
    # nothing on record is said so, not shown as zero
    assert f["revenue_spinoff_income"].value is None and f["revenue_spinoff_income"].origin == ""
    assert f.revenue_cny == 1_500_000
    assert (f["headcount"].value, f["researchers"].value) == (40, 30)
    assert f["headcount"].origin == FigureOrigin.IMPORTED
    # the stored contract revenue is used; the platform's payments are given beside it
    assert f["revenue_enterprise_contracts"].derived_value == 120_000
    # and the derived figures are counted from the records
    derived = {
        key: f[key].value
        for key in (
            "contracts_signed",
            "contract_value_cny",
            "achievements_transferred",
            "spinoffs",
            "students_enrolled",
            "students_graduated",
        )
    }
    assert derived == {
        "contracts_signed": 2,
        "contract_value_cny": 500_000,
        "achievements_transferred": 1,
        "spinoffs": 1,
        "students_enrolled": 2,
        "students_graduated": 1,
    }
    assert {f[key].origin for key in derived} == {FigureOrigin.DERIVED}


def test_without_a_revenue_record_contract_revenue_is_derived_from_payments(
    institute: ResearchInstitute,
) -> None:
    RevenueRecord.objects.filter(
        institute=institute, year=YEAR, source=RevenueSource.ENTERPRISE_CONTRACTS
    ).delete()
    f = institute_year_figures(institute, YEAR)["revenue_enterprise_contracts"]
    assert (f.value, f.origin, f.derived_value) == (120_000, FigureOrigin.DERIVED, None)


def test_trend_and_many_institutes_agree_with_one(institute: ResearchInstitute) -> None:
    trend = institute_trend(institute, [YEAR - 1, YEAR])
    assert [t.year for t in trend] == [YEAR - 1, YEAR]
    assert trend[0]["achievements_transferred"].value == 1  # the 2030 transfer
    assert trend[0]["headcount"].value is None
    many = figures_for(list(ResearchInstitute.objects.values_list("pk", flat=True)), YEAR)
    assert many[institute.pk].figures == trend[1].figures


def test_demo_figures_add_up_to_the_network_totals() -> None:
    # The institutes' 2020 revenue and contract value add up to the network's own records.
    ids = list(ResearchInstitute.objects.values_list("pk", flat=True))
    figures = figures_for(ids, 2020).values()
    assert sum(f.revenue_cny for f in figures) == annual_figures(2020)["revenue_cny"]
    all_contracts = CooperationContract.objects.filter(signed_on__year=2020)
    assert sum(f["contracts_signed"].value or 0 for f in figures) == all_contracts.count()


def test_pages_by_role(institute: ResearchInstitute, user_factory: Any) -> None:
    hq = user_factory("hq-fig", ResearchInstitute.objects.last(), Role.HQ_STAFF)
    staff = user_factory("inst-fig", institute, Role.INSTITUTE_STAFF)
    enterprise = user_factory("ent-fig", Enterprise.objects.first(), Role.ENTERPRISE_USER)
    other = ResearchInstitute.objects.exclude(pk=institute.pk).first()
    assert other is not None
    client = Client()
    client.force_login(hq)
    page = client.get(f"/institutes/{institute.pk}/?year={YEAR}")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-figure="contracts_signed"' in body
    assert 'data-origin="imported"' in body and 'data-origin="derived"' in body
    assert "Excel 导入" in body and "手工录入" in body
    assert client.get("/institutes/").content.decode().count("data-institute=") == (
        ResearchInstitute.objects.count()
    )
    client.force_login(staff)
    listing = client.get("/institutes/").content.decode()
    assert listing.count("data-institute=") == 1 and f'data-institute="{institute.pk}"' in listing
    assert client.get(f"/institutes/{institute.pk}/").status_code == 200
    assert client.get(f"/institutes/{other.pk}/").status_code == 404
    client.force_login(enterprise)
    assert client.get("/institutes/").status_code == 403
    assert client.get(f"/institutes/{institute.pk}/").status_code == 404
    client.logout()
    assert client.get("/institutes/").status_code == 302
