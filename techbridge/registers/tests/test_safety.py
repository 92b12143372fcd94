"""Registers: what a round trip, a double click, a big file or an outsider must not do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from techbridge.cooperation.models import CooperationContract
from techbridge.core.choices import Role
from techbridge.institutes.models import RevenueRecord
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise
from techbridge.registers import registry, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return get_user_model().objects.get(username="hq")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_reimporting_an_export_keeps_a_need_link_the_user_cannot_see(hq: Any) -> None:
    # Given a contract on a need that only its named viewers read (headquarters do not)
    hidden = TechnologyNeed.objects.filter(confidentiality=Confidentiality.NAMED_ONLY).first()
    assert hidden is not None
    contract = CooperationContract.objects.order_by("pk").first()
    assert contract is not None
    contract.need = hidden
    contract.save()
    # when headquarters export the contracts (the need cell is left blank for them)
    register = registry.get("contracts")
    assert register is not None
    dataset = register.resource(user=hq).export(
        queryset=CooperationContract.objects.filter(pk=contract.pk)
    )
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["need"] == ""
    # and import that file back unchanged
    report = services.run_import(register, dataset, hq)
    assert report.valid and report.unchanged == 1, report.errors  # nothing in it changed
    # then the contract still points at its need
    contract.refresh_from_db()
    assert contract.need_id == hidden.pk


def test_export_quotes_text_a_spreadsheet_would_run(hq: Any) -> None:
    enterprise = Enterprise.objects.order_by("pk").first()
    assert enterprise is not None
    enterprise.city = '=HYPERLINK("http://evil.example","x")'
    enterprise.save()
    register = registry.get("enterprises")
    assert register is not None
    dataset = register.resource(user=hq).export(
        queryset=Enterprise.objects.filter(pk=enterprise.pk)
    )
    cells = dict(zip(dataset.headers, dataset[0], strict=True))
    assert cells["city"].startswith("'=HYPERLINK")


def test_a_second_confirm_does_not_import_twice(hq: Any) -> None:
    from techbridge.registers import progress

    register = registry.get("revenue-records")
    assert register is not None
    record = RevenueRecord.objects.select_related("institute").first()
    assert record is not None
    institute = record.institute
    content = f"institute,year,source,amount_cny,origin\n{institute.name_zh},2013,other,5,manual\n"
    token = services.save_upload(hq, register.slug, "r.csv", content.encode())
    # While a first confirm's import of this file is under way (it holds the claim),
    assert progress.claim(token)
    # a second confirm is refused and writes nothing
    with pytest.raises(services.ImportFileError):
        services.start_import(register, hq, token)
    assert not RevenueRecord.objects.filter(institute=institute, year=2013).exists()
    # and once the claim is free the file imports once
    progress.release(token)
    services.start_import(register, hq, token)
    assert RevenueRecord.objects.filter(institute=institute, year=2013).count() == 1


def test_a_file_over_the_limit_is_refused(hq: Any, settings: Any) -> None:
    settings.REGISTERS_IMPORT_MAX_MB = 1
    big = SimpleUploadedFile("big.csv", b"institute,year\n" + b"x,2020\n" * 200_000)
    page = _client(hq).post("/registers/revenue-records/import/", {"file": big})
    assert page.status_code == 200
    assert "文件太大" in page.content.decode()
    assert page.context["form"].errors


def test_outsiders_filter_lists_name_only_their_own_counterparties(user_factory: Any) -> None:
    contract = CooperationContract.objects.select_related("client").order_by("pk").first()
    assert contract is not None
    client_org = contract.client
    user = user_factory("ent-filter", client_org, Role.ENTERPRISE_USER)
    page = _client(user).get("/registers/contracts/")
    assert page.status_code == 200
    form = page.context["filterset"].form
    named = set(form.fields["client"].queryset.values_list("pk", flat=True))
    assert named == {client_org.pk}
    others = Enterprise.objects.exclude(pk=client_org.pk).first()
    assert others is not None and others.name_zh not in page.content.decode()


def test_import_needs_the_add_permission_too(user_factory: Any) -> None:
    from django.contrib.auth.models import Permission

    from techbridge.institutes.models import ResearchInstitute

    user = user_factory("inst-imp", ResearchInstitute.objects.first(), Role.INSTITUTE_STAFF)
    user.user_permissions.add(Permission.objects.get(codename="change_revenuerecord"))
    client = _client(user)
    assert client.get("/registers/revenue-records/import/").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_revenuerecord"))
    client = _client(get_user_model().objects.get(pk=user.pk))
    assert client.get("/registers/revenue-records/import/").status_code == 200
