"""Database constraints hold, and their messages are translated."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from techbridge.cooperation.models import CooperationContract
from techbridge.needs.models import TechnologyNeed
from techbridge.talent.models import GraduateStudent
from techbridge.ventures.models import SpinOff

pytestmark = pytest.mark.django_db


def test_contract_value_is_never_negative() -> None:
    contract = CooperationContract.objects.first()
    assert contract is not None
    contract.value_cny = Decimal("-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        contract.save()


def test_contract_validation_message_in_both_languages() -> None:
    contract = CooperationContract.objects.first()
    assert contract is not None
    contract.value_cny = Decimal("-5")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as zh:
        contract.full_clean()
    assert "合同金额不能为负数" in str(zh.value)
    with translation.override("en"), pytest.raises(ValidationError) as en:
        contract.full_clean()
    assert "negative" in str(en.value).lower()


def test_student_has_two_different_supervisors() -> None:
    student = GraduateStudent.objects.first()
    assert student is not None
    student.institute_supervisor = student.university_supervisor
    with pytest.raises(IntegrityError), transaction.atomic():
        student.save()


def test_student_needs_both_supervisors() -> None:
    student = GraduateStudent.objects.first()
    assert student is not None
    student.institute_supervisor_id = None  # type: ignore[assignment]
    with pytest.raises(IntegrityError), transaction.atomic():
        student.save()


def test_dates_in_order() -> None:
    student = GraduateStudent.objects.first()
    assert student is not None
    student.graduated_on = student.enrolled_on - dt.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        student.save()
    contract = CooperationContract.objects.first()
    assert contract is not None
    contract.end_on = contract.start_on - dt.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        contract.save()


def test_need_budget_range() -> None:
    need = TechnologyNeed.objects.first()
    assert need is not None
    need.budget_min_cny, need.budget_max_cny = Decimal(500), Decimal(100)
    with pytest.raises(IntegrityError), transaction.atomic():
        need.save()


def test_spinoff_equity_at_most_100_percent() -> None:
    spinoff = SpinOff.objects.first()
    assert spinoff is not None
    spinoff.institute_equity_pct, spinoff.network_equity_pct = Decimal(80), Decimal(30)
    with pytest.raises(IntegrityError), transaction.atomic():
        spinoff.save()
