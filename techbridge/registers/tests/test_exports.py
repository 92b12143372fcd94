"""Every register exports what its list shows, as CSV and Excel, under the visibility rules."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import Client

from techbridge.core.choices import Role
from techbridge.registers.registry import REGISTERS, request_for

pytestmark = pytest.mark.django_db


def _rows(response: Any, fmt: str) -> list[dict[str, Any]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


@pytest.fixture
def hq_client() -> Client:
    client = Client()
    client.login(request=HttpRequest(), username="hq", password="techbridge-demo")
    return client


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.slug)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_export_has_every_visible_row(hq_client: Client, register: Any, fmt: str) -> None:
    # Given a register with demo records, when headquarters exports it
    response = hq_client.get(f"/registers/{register.slug}/export.{fmt}")
    # then the file has the register's columns and one row per record the list counts
    assert response.status_code == 200
    rows = _rows(response, fmt)
    listed = hq_client.get(f"/registers/{register.slug}/")
    assert listed.status_code == 200
    assert len(rows) == listed.context["page"].paginator.count
    assert rows, register.slug
    assert list(rows[0]) == list(register.columns)
    # and a known record is there, its foreign keys written by natural key
    hq = get_user_model().objects.get(username="hq")
    first = register.export_queryset(register.visible(request_for(hq))).first()
    expected = [str(v or "") for v in register.resource(user=hq).export_resource(first)]
    assert [[str(v or "") for v in r.values()] for r in rows].count(expected) >= 1


def test_export_honours_filters_and_search(hq_client: Client) -> None:
    from techbridge.institutes.models import RevenueRecord

    response = hq_client.get("/registers/revenue-records/export.csv?year=2020")
    rows = _rows(response, "csv")
    assert len(rows) == RevenueRecord.objects.filter(year=2020).count() > 0
    assert {r["year"] for r in rows} == {"2020"}
    institute = RevenueRecord.objects.filter(year=2020).first().institute  # type: ignore[union-attr]
    response = hq_client.get(
        f"/registers/revenue-records/export.csv?year=2020&q={institute.name_zh}"
    )
    rows = _rows(response, "csv")
    assert rows and {r["institute"] for r in rows} == {institute.name_zh}


def test_enterprise_user_cannot_list_or_export_reference_registers(user_factory: Any) -> None:
    from techbridge.organisations.models import Enterprise

    user_factory("ent-x", Enterprise.objects.first(), Role.ENTERPRISE_USER)
    client = Client()
    client.login(request=HttpRequest(), username="ent-x", password="pw-123456")
    for register in REGISTERS:
        if register.staff_only:
            assert client.get(f"/registers/{register.slug}/").status_code == 403
            assert client.get(f"/registers/{register.slug}/export.csv").status_code == 403
        assert client.get(f"/registers/{register.slug}/import/").status_code == 403
    index = client.get("/registers/")
    slugs = {r.slug for r, _count in index.context["registers"]}
    assert slugs == {"contracts", "cases"}


def test_need_linked_exports_show_only_visible_needs(user_factory: Any) -> None:
    # Given a confidential need of another enterprise with a case and a contract
    from techbridge.cooperation.models import CooperationCase, CooperationContract
    from techbridge.needs.choices import Confidentiality
    from techbridge.needs.models import TechnologyNeed

    case = CooperationCase.objects.select_related("need").filter(need__isnull=False).first()
    assert case is not None
    need = case.need
    TechnologyNeed.objects.filter(pk=need.pk).update(confidentiality=Confidentiality.NAMED_ONLY)
    contract = CooperationContract.objects.filter(need__isnull=False).first()
    assert contract is not None
    contract.need = need
    contract.save()
    other = TechnologyNeed.objects.exclude(enterprise=need.enterprise).first()
    assert other is not None
    viewer = user_factory("ent-y", other.enterprise, Role.ENTERPRISE_USER)
    # the contract is theirs (they are its client), the need is not
    contract.client = other.enterprise
    contract.save()
    client = Client()
    client.force_login(viewer)
    # when the other enterprise exports cases and contracts
    cases = _rows(client.get("/registers/cases/export.csv"), "csv")
    contracts = _rows(client.get("/registers/contracts/export.xlsx"), "xlsx")
    # then the confidential need's case is absent and the contract does not name the need
    assert str(case.pk) not in {r["id"] for r in cases}
    mine = [r for r in contracts if r["contract_number"] == contract.contract_number]
    assert len(mine) == 1 and mine[0]["need"] in (None, "")
    assert len(contracts) == CooperationContract.objects.filter(client=other.enterprise).count()
    # while the need's own enterprise sees the need named
    owner = user_factory("ent-z", need.enterprise, Role.ENTERPRISE_USER)
    contract.client = need.enterprise
    contract.save()
    client.force_login(owner)
    contracts = _rows(client.get("/registers/contracts/export.csv"), "csv")
    mine = [r for r in contracts if r["contract_number"] == contract.contract_number]
    assert mine[0]["need"] == str(need.pk)
    cases = _rows(client.get("/registers/cases/export.csv"), "csv")
    assert str(case.pk) in {r["id"] for r in cases}


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.slug)
def test_every_register_list_pages_and_sorts(hq_client: Client, register: Any) -> None:
    # Given a register's list sorted by its first column, descending
    column = register.shown_columns()[0]
    response = hq_client.get(f"/registers/{register.slug}/?sort=-{column}")
    assert response.status_code == 200
    # then it counts every visible record, pages them, and offers sorting in its header
    table = response.context["table"]
    hq = get_user_model().objects.get(username="hq")
    assert table.paginator.count == register.visible(request_for(hq)).count()
    assert len(table.page.object_list) == min(table.paginator.count, 50)
    assert b"?sort=" in response.content
    assert b'data-testid="register-table"' in response.content


def test_the_contract_register_sorts_by_value(hq_client: Client) -> None:
    response = hq_client.get("/registers/contracts/?sort=-value_cny")
    shown = [row.record.value_cny for row in response.context["table"].page.object_list]
    assert shown == sorted(shown, reverse=True) and len(shown) == 50
    assert b'data-testid="next-page"' in response.content


@pytest.mark.django_db
def test_every_register_s_english_heading_begins_with_a_capital(hq_client: Client) -> None:
    # The English plural of a model is lower case (Django writes it into sentences); as the
    # heading of its register's page it begins with a capital: "Glossary"
    for register in REGISTERS:
        page = hq_client.get(f"/en/registers/{register.slug}/").content.decode()
        heading = page.split('<h2 class="page-title">', 1)[1].split("<", 1)[0].strip()
        assert heading[:1].isupper(), (register.slug, heading)
