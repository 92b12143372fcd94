"""Submitting and triaging needs through the services: rules, events, nothing half-written.

Unit tests: each builds its own enterprises, people and needs with the apps' factories.
"""

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from techbridge.accounts.tests.factories import member
from techbridge.core.choices import Role
from techbridge.core.tests.factories import IndustryFactory, TechnologyFieldFactory
from techbridge.institutes.tests.factories import InstituteFactory
from techbridge.needs import services
from techbridge.needs.choices import Confidentiality, NeedEventKind, NeedStatus
from techbridge.needs.models import NeedEvent, TechnologyNeed
from techbridge.needs.tests.factories import NeedFactory
from techbridge.organisations.models import Enterprise
from techbridge.organisations.tests.factories import EnterpriseFactory, HeadquartersFactory

pytestmark = [pytest.mark.django_db, pytest.mark.unit]


def _fields(enterprise: Enterprise, **extra: Any) -> dict[str, Any]:
    return {
        "enterprise": enterprise,
        "title": "高导热封装基板国产化",
        "description": "功率模块散热能力不足，需要新型高导热基板。",
        "technical_indicators": "热导率不低于 170 W/mK",
        "technology_field": TechnologyFieldFactory.create(),
        "budget_min_cny": Decimal(500_000),
        "budget_max_cny": Decimal(1_000_000),
        "cooperation_mode": "contract_rd",
        "confidentiality": Confidentiality.STAFF_ONLY,
        **extra,
    }


@pytest.fixture
def enterprise() -> Enterprise:
    return EnterpriseFactory.create()


@pytest.fixture
def enterprise_user(enterprise: Enterprise) -> Any:
    return member(enterprise, Role.ENTERPRISE_USER)


@pytest.fixture
def hq_user() -> Any:
    return member(HeadquartersFactory.create(), Role.HQ_STAFF)


def test_enterprise_submits_for_itself_with_an_event(
    enterprise: Enterprise, enterprise_user: Any
) -> None:
    upload = SimpleUploadedFile("spec.txt", b"indicators")
    need = services.submit_need(enterprise_user, fields=_fields(enterprise), attachments=[upload])
    assert need.status == NeedStatus.SUBMITTED
    assert need.industry_id == enterprise.industry_id
    assert need.attachments.count() == 1
    event = need.events.get()
    assert event.kind == NeedEventKind.SUBMITTED and event.actor == enterprise_user


def test_enterprise_cannot_submit_for_another(enterprise_user: Any) -> None:
    other = EnterpriseFactory.create()
    before = TechnologyNeed.objects.count()
    with pytest.raises(services.NeedActionError):
        services.submit_need(enterprise_user, fields=_fields(other))
    assert TechnologyNeed.objects.count() == before


def test_invalid_budget_writes_nothing(enterprise: Enterprise, enterprise_user: Any) -> None:
    from django.core.exceptions import ValidationError

    before, events = TechnologyNeed.objects.count(), NeedEvent.objects.count()
    with pytest.raises(ValidationError):
        services.submit_need(
            enterprise_user,
            fields=_fields(enterprise, budget_min_cny=Decimal(9), budget_max_cny=Decimal(1)),
            attachments=[SimpleUploadedFile("a.txt", b"x")],
        )
    assert TechnologyNeed.objects.count() == before and NeedEvent.objects.count() == events


def test_triage_steps_are_recorded(hq_user: Any) -> None:
    need = NeedFactory.create()
    industry = IndustryFactory.create()
    services.classify_need(hq_user, need, industry=industry, technology_field=need.technology_field)
    services.return_need(hq_user, need, reason="请补充技术指标")
    services.open_need(hq_user, need)
    kinds = list(need.events.order_by("created_at", "id").values_list("kind", "to_status", "note"))
    assert kinds[0][0] == NeedEventKind.CLASSIFIED
    assert kinds[1] == (NeedEventKind.RETURNED, NeedStatus.RETURNED, "请补充技术指标")
    assert kinds[2][:2] == (NeedEventKind.OPENED, NeedStatus.OPEN)
    assert all(e.actor == hq_user for e in need.events.all())


def test_return_needs_a_reason_and_outsiders_cannot_triage(
    hq_user: Any, enterprise_user: Any
) -> None:
    need = NeedFactory.create()
    with pytest.raises(services.NeedActionError):
        services.return_need(hq_user, need, reason="  ")
    with pytest.raises(services.NeedActionError):
        services.open_need(enterprise_user, need)
    assert not need.events.exists()


def test_duplicate_closes_the_need(hq_user: Any) -> None:
    a, b = NeedFactory.create_batch(2, status=NeedStatus.OPEN)
    services.mark_duplicate(hq_user, a, original=b)
    a.refresh_from_db()
    assert a.duplicate_of == b and a.status == NeedStatus.CLOSED


def test_staged_disclosure() -> None:
    need = NeedFactory.create(
        confidentiality=Confidentiality.PUBLIC_SUMMARY, is_anonymous=True, status=NeedStatus.OPEN
    )
    partner = member(InstituteFactory.create(), Role.INSTITUTE_STAFF)
    owner = member(need.enterprise, Role.ENTERPRISE_USER)
    request = services.request_disclosure(partner, need, reason="我们有相关成果")
    with pytest.raises(services.NeedActionError):
        services.decide_disclosure(partner, request, approve=True)  # not the enterprise
    services.decide_disclosure(owner, request, approve=True)
    assert need.named_viewers.filter(pk=partner.pk).exists()
    with pytest.raises(services.NeedActionError):
        services.request_disclosure(partner, need, reason="again")  # already reads it


def test_returned_need_is_reworked_by_its_enterprise(hq_user: Any) -> None:
    need = NeedFactory.create()
    owner = member(need.enterprise, Role.ENTERPRISE_USER)
    services.return_need(hq_user, need, reason="请量化指标")
    assert services.can_edit(owner, need)
    services.edit_need(owner, need, fields={"technical_indicators": "良率提升 30%"})
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED and need.technical_indicators == "良率提升 30%"
    last = need.events.order_by("-created_at", "-id").first()
    assert last is not None and last.kind == NeedEventKind.EDITED
    assert last.note == "technical_indicators"
    # Once opened, it is no longer edited, and others never could.
    services.open_need(hq_user, need)
    with pytest.raises(services.NeedActionError):
        services.edit_need(owner, need, fields={"title": "x"})
    stranger = member(EnterpriseFactory.create(), Role.ENTERPRISE_USER)
    assert not services.can_edit(stranger, need)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_attachments_are_typed_by_their_content(
    enterprise: Enterprise, enterprise_user: Any
) -> None:
    # Given a real PDF, a text file in GBK, and an HTML page named like a PDF
    pdf = SimpleUploadedFile("方案.pdf", PDF, content_type="text/html")
    text = SimpleUploadedFile("指标.txt", "孔隙率低于百分之零点五".encode("gb18030"))
    disguised = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>")
    # When the first two are attached, they are stored with the type their content has
    need = services.submit_need(
        enterprise_user, fields=_fields(enterprise), attachments=[pdf, text]
    )
    types = dict(need.attachments.values_list("file", "content_type"))
    assert sorted(types.values()) == ["application/pdf", "text/plain; charset=utf-8"]
    # and the disguised page is refused with a translated reason, writing nothing
    before = TechnologyNeed.objects.count()
    with pytest.raises(services.NeedActionError, match=r"不支持文件 report\.pdf 的类型"):
        services.submit_need(enterprise_user, fields=_fields(enterprise), attachments=[disguised])
    assert TechnologyNeed.objects.count() == before
    # and a file larger than the limit is refused by size
    big = SimpleUploadedFile("big.txt", b"x" * (services.MAX_ATTACHMENT_BYTES + 1))
    with pytest.raises(services.NeedActionError, match="超过 20 MB"):
        services.submit_need(enterprise_user, fields=_fields(enterprise), attachments=[big])
    # and the download is served as the stored type, as an attachment, never sniffed
    client = Client()
    client.force_login(enterprise_user)
    stored = need.attachments.get(content_type="application/pdf")
    response = client.get(f"/needs/{need.pk}/attachments/{stored.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
