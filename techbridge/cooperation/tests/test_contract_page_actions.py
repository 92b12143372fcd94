"""Contracts are run in the app: the contract's client and contractor (and headquarters)
record payments received and sign off milestones with their acceptance documents on the
contract page, through the same services as the API; bad input is refused with every reason
at once and changes nothing; other readers of the contract only read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from techbridge.accounts.models import Membership
from techbridge.cooperation.models import ContractMilestone, ContractPayment, CooperationContract
from techbridge.core.choices import Role
from techbridge.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _contract() -> CooperationContract:
    contract = (
        CooperationContract.objects.filter(
            milestones__accepted_on__isnull=True, payments__isnull=True, jic__isnull=False
        )
        .order_by("pk")
        .first()
    )
    assert contract is not None
    return contract


def _member(username: str, organisation: Organisation, role: str) -> Client:
    user = get_user_model().objects.create_user(username, password="x-Long-pass-2026")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    client = Client()
    client.force_login(user)
    return client


def _url(contract: CooperationContract, tail: str = "") -> str:
    return f"/cooperation/contracts/{contract.pk}/{tail}"


def test_the_contractor_records_a_payment_and_signs_off_a_milestone(
    django_capture_on_commit_callbacks: Any,
) -> None:
    contract = _contract()
    institute = _member("contractor-staff", contract.contractor, Role.INSTITUTE_STAFF)
    milestone = contract.milestones.filter(accepted_on__isnull=True).order_by("due_on").first()
    assert milestone is not None
    page = institute.get(_url(contract)).content.decode()
    assert 'data-testid="payment-form"' in page and f'data-testid="sign-off-{milestone.pk}"' in page

    # More than the contract's value: refused with the reason, nothing written
    too_much = institute.post(
        _url(contract, "payments/"),
        {"received_on": contract.signed_on.isoformat(), "amount_cny": contract.value_cny + 1},
    )
    assert too_much.status_code == 400 and "合同金额" in too_much.content.decode()
    assert not ContractPayment.objects.filter(contract=contract).exists()
    # An absurd amount is refused in words
    absurd = institute.post(
        _url(contract, "payments/"),
        {"received_on": contract.signed_on.isoformat(), "amount_cny": "1" * 20},
    )
    assert absurd.status_code == 400 and "金额过大" in absurd.content.decode()

    # A payment on the milestone is recorded and listed
    paid = institute.post(
        _url(contract, "payments/"),
        {
            "received_on": contract.signed_on.isoformat(),
            "amount_cny": "12345.60",
            "milestone": milestone.pk,
        },
    )
    assert paid.status_code == 302
    payment = ContractPayment.objects.get(contract=contract)
    assert payment.amount_cny == Decimal("12345.60") and payment.milestone_id == milestone.pk
    assert "12,345 元" in institute.get(_url(contract)).content.decode()

    # A date in the future and a file that is not a document: both reasons at once, no change
    prefix = f"m{milestone.pk}"
    sign_off = _url(contract, f"milestones/{milestone.pk}/sign-off/")
    refused = institute.post(
        sign_off,
        {
            f"{prefix}-accepted_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            f"{prefix}-document": SimpleUploadedFile("验收.pdf", b"MZ\x90\x00" + b"\x00" * 64),
        },
    )
    text = refused.content.decode()
    assert refused.status_code == 400 and "晚于今天" in text and "验收.pdf" in text
    milestone.refresh_from_db()
    assert milestone.accepted_on is None and not milestone.acceptance_document

    # Accepted with its signed record; the record is served to the contract's readers
    accepted = institute.post(
        sign_off,
        {
            f"{prefix}-accepted_on": timezone.localdate().isoformat(),
            f"{prefix}-document": SimpleUploadedFile("验收报告.pdf", PDF),
        },
    )
    assert accepted.status_code == 302
    milestone.refresh_from_db()
    assert milestone.accepted_on == timezone.localdate()
    assert milestone.acceptance_content_type == "application/pdf"
    download = institute.get(_url(contract, f"milestones/{milestone.pk}/acceptance/"))
    assert download.status_code == 200 and download.getvalue() == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    entry = LogEntry.objects.get_for_object(milestone).filter(action=LogEntry.Action.UPDATE)
    assert entry.filter(actor__username="contractor-staff").exists()

    # A second sign-off is refused
    again = institute.post(sign_off, {f"{prefix}-accepted_on": timezone.localdate().isoformat()})
    assert again.status_code == 400 and "已于" in again.content.decode()


def test_only_the_signing_parties_and_headquarters_record() -> None:
    contract = _contract()
    milestone = contract.milestones.filter(accepted_on__isnull=True).first()
    assert milestone is not None and contract.jic is not None
    sign_off = _url(contract, f"milestones/{milestone.pk}/sign-off/")
    today = {f"m{milestone.pk}-accepted_on": timezone.localdate().isoformat()}
    payment = {"received_on": contract.signed_on.isoformat(), "amount_cny": "100"}

    # The JIC's manager reads the contract but records nothing
    jic = _member("jic-reader", contract.jic.enterprise, Role.JIC_MANAGER)
    page = jic.get(_url(contract))
    assert page.status_code == 200 and 'data-testid="payment-form"' not in page.content.decode()
    assert jic.post(_url(contract, "payments/"), payment).status_code == 403
    assert jic.post(sign_off, today).status_code == 403

    # Another enterprise does not even find the contract
    other = Organisation.objects.filter(kind="enterprise").exclude(pk=contract.client_id).first()
    assert other is not None
    stranger = _member("other-enterprise", other, Role.ENTERPRISE_USER)
    assert stranger.get(_url(contract)).status_code == 404
    assert stranger.post(_url(contract, "payments/"), payment).status_code == 404
    assert stranger.post(sign_off, today).status_code == 404
    assert not ContractPayment.objects.filter(contract=contract).exists()
    assert ContractMilestone.objects.get(pk=milestone.pk).accepted_on is None

    # The client accepts the milestone
    client = _member("client-user", contract.client, Role.ENTERPRISE_USER)
    assert client.post(sign_off, today).status_code == 302
    assert ContractMilestone.objects.get(pk=milestone.pk).accepted_on == timezone.localdate()


def test_the_api_accepts_a_milestone_through_the_same_service() -> None:
    contract = _contract()
    milestone = contract.milestones.filter(accepted_on__isnull=True).first()
    assert milestone is not None
    hq = Client()
    hq.force_login(get_user_model().objects.get(username="hq"))
    url = f"/api/contract-milestones/{milestone.pk}/"
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    refused = hq.patch(
        url, {"accepted_on": future, "title": "改名"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "晚于今天" in refused.content.decode()
    milestone.refresh_from_db()
    assert milestone.accepted_on is None and milestone.title != "改名"  # nothing written
    ok = hq.patch(
        url, {"accepted_on": timezone.localdate().isoformat()}, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    again = hq.patch(
        url, {"accepted_on": contract.signed_on.isoformat()}, content_type="application/json"
    )
    # headquarters may correct the date of an accepted milestone
    assert again.status_code == 200
    milestone.refresh_from_db()
    assert milestone.accepted_on == contract.signed_on
