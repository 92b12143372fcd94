"""``notify_overdue`` reminds the contractor's staff and headquarters once per milestone."""

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from techbridge.cooperation.models import ContractMilestone, CooperationContract
from techbridge.core.choices import Role
from techbridge.notifications.choices import NotificationKind
from techbridge.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(user_factory: Any) -> tuple[ContractMilestone, Any]:
    """A milestone due yesterday and a member of the contractor institute's staff."""
    contract = CooperationContract.objects.order_by("pk").first()
    assert contract is not None
    yesterday = dt.date.today() - dt.timedelta(days=1)
    milestone = ContractMilestone.objects.create(
        contract=contract, title="中试样机交付", due_on=yesterday, amount_cny=Decimal(0)
    )
    staff = user_factory(
        "inst-notify", contract.contractor, Role.INSTITUTE_STAFF, email="inst@example.org"
    )
    return milestone, staff


def _run(*args: str) -> str:
    out = StringIO()
    # The command speaks the active language; an earlier test may have left English active.
    with translation.override("zh-hans"):
        call_command("notify_overdue", *args, stdout=out)
    return out.getvalue()


def test_each_reminder_is_sent_once_even_when_run_twice(
    overdue: tuple[ContractMilestone, Any],
    hq: Any,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    milestone, staff = overdue
    key = f"overdue:{milestone.pk}"

    # When the command runs on two days in a row
    with django_capture_on_commit_callbacks(execute=True):
        first = _run()
    with django_capture_on_commit_callbacks(execute=True):
        second = _run("--date", (dt.date.today() + dt.timedelta(days=1)).isoformat())

    # Then the institute's staff and headquarters each got one reminder for the milestone
    for user in (staff, hq):
        reminders = Notification.objects.filter(recipient=user, dedupe_key=key)
        assert reminders.count() == 1
        assert reminders[0].kind == NotificationKind.OVERDUE_MILESTONE
        assert milestone.contract.contract_number in reminders[0].title
    mails = [m for m in mailoutbox if "inst@example.org" in m.to and "中试样机交付" in m.body]
    assert len(mails) == 1
    sent = Notification.objects.filter(kind=NotificationKind.OVERDUE_MILESTONE).count()
    assert str(sent) in first
    assert "已发送 0 条" in second


def test_accepted_and_future_milestones_are_not_reminded(
    overdue: tuple[ContractMilestone, Any],
) -> None:
    # Given the overdue milestone is accepted, and another is due tomorrow
    milestone, _staff = overdue
    milestone.accepted_on = dt.date.today()
    milestone.save()
    later = ContractMilestone.objects.create(
        contract=milestone.contract,
        title="验收",
        due_on=dt.date.today() + dt.timedelta(days=1),
    )

    # When the command runs
    _run()

    # Then neither is reminded
    keys = {f"overdue:{milestone.pk}", f"overdue:{later.pk}"}
    assert not Notification.objects.filter(dedupe_key__in=keys).exists()


def test_bad_date_is_refused_and_changes_nothing(overdue: tuple[ContractMilestone, Any]) -> None:
    # When the date is not a date
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("--date", "2024-13-45")

    # Then no reminder was stored
    assert not Notification.objects.exists()


def test_milestones_overdue_for_long_are_not_reminded_again(
    overdue: tuple[ContractMilestone, Any], settings: Any
) -> None:
    milestone, _staff = overdue
    milestone.due_on = dt.date.today() - dt.timedelta(days=settings.OVERDUE_REMINDER_DAYS + 1)
    milestone.save()
    _run()
    assert not Notification.objects.filter(dedupe_key=f"overdue:{milestone.pk}").exists()
