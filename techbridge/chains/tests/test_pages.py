"""Chain pages in Chinese and English, the graph data, the Excel download, staff decisions."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from techbridge.chains.choices import MappingSource, RecordType
from techbridge.chains.models import IndustryChain, TechnologyMapping
from techbridge.chains.services import suggest_mappings
from techbridge.core.choices import Role
from techbridge.organisations.models import Enterprise

from .conftest import TinyChain

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq_client(hq_user: Any) -> Client:
    client = Client()
    client.force_login(hq_user)
    return client


@pytest.mark.parametrize(("prefix", "marker"), [("", "产业技术链"), ("/en", 'lang="en"')])
def test_pages_render_in_both_languages(
    prefix: str, marker: str, tiny_chain: TinyChain, hq_client: Client
) -> None:
    # Given the tiny chain, when staff open its pages in each language
    pages = [
        f"{prefix}/chains/",
        f"{prefix}/chains/{tiny_chain.chain.pk}/",
        f"{prefix}/chains/{tiny_chain.chain.pk}/?year=2020",
        f"{prefix}/chains/technologies/{tiny_chain.a.pk}/",
    ]
    for url in pages:
        response = hq_client.get(url)
        # then each renders
        assert response.status_code == 200, url
    listing = hq_client.get(f"{prefix}/chains/").content.decode()
    assert "测试链" in listing if not prefix else "Test chain" in listing
    detail = hq_client.get(f"{prefix}/chains/{tiny_chain.chain.pk}/").content.decode()
    assert "vendor/echarts/echarts.min.js" in detail
    assert 'data-coverage="gap"' in detail


def test_anonymous_users_are_sent_to_log_in(tiny_chain: TinyChain) -> None:
    response = Client().get(f"/chains/{tiny_chain.chain.pk}/")
    assert response.status_code == 302


def test_graph_json_colours_nodes_by_coverage(tiny_chain: TinyChain, hq_client: Client) -> None:
    data = hq_client.get(f"/chains/{tiny_chain.chain.pk}/graph.json").json()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[f"tech-{tiny_chain.a.pk}"]["coverage"] == "gap"
    assert nodes[f"tech-{tiny_chain.a.pk}"]["itemStyle"]["color"] == "#d63939"
    assert nodes[f"tech-{tiny_chain.b.pk}"]["coverage"] == "fragile"
    assert nodes[f"tech-{tiny_chain.c.pk}"]["coverage"] == "fragile"
    assert len(data["nodes"]) == 5  # two links, three technologies
    assert {"source": f"link-{tiny_chain.a.link_id}", "target": f"link-{tiny_chain.c.link_id}"} in (
        data["links"]
    )


def test_excel_download_holds_the_gap_figures(tiny_chain: TinyChain, hq_client: Client) -> None:
    # When staff download the gap report
    response = hq_client.get(f"/chains/{tiny_chain.chain.pk}/gaps.xlsx")
    assert response.status_code == 200
    assert "gaps-tiny.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    # then the header and one row per key technology, gaps first
    assert rows[0][:3] == ("环节", "关键技术", "需求数")
    assert [r[1] for r in rows[1:]] == ["甲技术", "乙技术", "丙技术"]
    a, b, c = rows[1:]
    assert a[0] == "材料" and a[2] == 2 and a[9] == 0 and a[10] == "有需求无供给"
    assert (b[2], b[4], b[5], b[9], b[10]) == (1, 1, 1, 2, "依赖单一研究所")
    assert (c[0], c[2], c[5], c[8], c[9], c[10]) == ("器件", 0, 1, 1, 2, "仅有海外供给")


def test_suggestions_from_the_engine_and_staff_decisions(
    tiny_chain: TinyChain, hq_client: Client, small_index: Any, user_factory: Any
) -> None:
    # Given a key technology named like the SiC field of the small index
    tech = tiny_chain.c
    tech.name_zh, tech.name_en = "碳化硅功率器件", "SiC power devices"
    tech.save()
    # When the engine suggests mappings
    found = suggest_mappings(tech, small_index, k=5)
    # then they are stored as suggestions with the engine's explanation
    assert found
    assert all(m.source == MappingSource.SUGGESTED and m.explanation for m in found)
    assert {m.record_type for m in found} <= {"institute", "expert", "achievement", "partner"}
    # and the existing confirmed mappings keep their decision
    assert tech.mappings.filter(source=MappingSource.CONFIRMED).count() == 2
    page = hq_client.get(f"/chains/technologies/{tech.pk}/").content.decode()
    assert found[0].explanation.split("（")[0] in page

    # When staff confirm one and reject another
    first, second = found[0], found[-1]
    hq_client.post(f"/chains/mappings/{first.pk}/decide/", {"source": "confirmed"})
    if second.pk != first.pk:
        hq_client.post(f"/chains/mappings/{second.pk}/decide/", {"source": "rejected"})
    first.refresh_from_db()
    assert first.source == MappingSource.CONFIRMED
    assert first.confirmed_by is not None and first.confirmed_by.username == "hq"
    # and suggesting again leaves their decisions alone
    suggest_mappings(tech, small_index, k=5)
    first.refresh_from_db()
    assert first.source == MappingSource.CONFIRMED

    # An enterprise user may not decide
    user = user_factory("chain-ent2", Enterprise.objects.order_by("pk")[0], Role.ENTERPRISE_USER)
    client = Client()
    client.force_login(user)
    response = client.post(f"/chains/mappings/{first.pk}/decide/", {"source": "rejected"})
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.source == MappingSource.CONFIRMED


def test_demo_chains_and_command(hq_client: Client) -> None:
    # Given no chains (the demo made some: remove them), when the command loads the demo chains
    IndustryChain.objects.all().delete()
    call_command("load_chains", verbosity=0)
    # then there are at least three chains with confirmed rule mappings
    assert IndustryChain.objects.count() >= 3
    ic = IndustryChain.objects.get(code="integrated-circuits")
    assert [link.name_zh for link in ic.links.order_by("order")] == [
        "材料",
        "装备",
        "设计",
        "制造",
        "封装测试",
    ]
    sic = IndustryChain.objects.get(code="sic-power")
    assert [link.name_en for link in sic.links.order_by("order")] == [
        "Substrate",
        "Epitaxy",
        "Device",
        "Module",
        "Application",
    ]
    mapped = TechnologyMapping.objects.filter(key_technology__link__chain=sic)
    assert mapped.filter(record_type=RecordType.NEED).exists()
    assert not mapped.exclude(source=MappingSource.CONFIRMED).exists()
    assert hq_client.get(f"/chains/{sic.pk}/").status_code == 200
    # and a second run refuses
    with pytest.raises(CommandError):
        call_command("load_chains", verbosity=0)


def test_create_demo_chains_links_key_technologies_to_field_children() -> None:
    # The demo generator has called create_demo_chains().
    sic = IndustryChain.objects.get(code="sic-power")
    substrate = sic.links.get(order=1).technologies.get()
    assert substrate.technology_field is not None
    assert substrate.technology_field.parent is not None
    assert substrate.technology_field.parent.code == "sic-power"


def test_pdf_download_holds_the_gap_figures(tiny_chain: TinyChain, hq_client: Client) -> None:
    import pypdf

    response = hq_client.get(f"/chains/{tiny_chain.chain.pk}/gaps.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(response.content)).pages)
    assert "测试链" in text
    assert "甲技术" in text and "有需求无供给" in text
    assert "仅有海外供给" in text


def test_chain_page_and_api_query_counts_do_not_grow_with_the_chain(
    hq_client: Client, django_assert_max_num_queries: Any
) -> None:
    # Given the demo chains (hundreds of mappings each)
    sic = IndustryChain.objects.get(code="sic-power")
    # then the chain page, its graph and the API list stay within a fixed number of queries
    with django_assert_max_num_queries(25):
        assert hq_client.get(f"/chains/{sic.pk}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert hq_client.get(f"/chains/{sic.pk}/graph.json").status_code == 200
    with django_assert_max_num_queries(10):
        assert hq_client.get("/api/chains/").status_code == 200


@pytest.mark.parametrize("year", ["%C2%B2", "9" * 5000])
def test_chain_page_ignores_a_bad_year(tiny_chain: TinyChain, hq_client: Client, year: str) -> None:
    # "²".isdigit() is True but int("²") fails; int() refuses over 4,300 digits
    response = hq_client.get(f"/chains/{tiny_chain.chain.pk}/?year={year}")
    assert response.status_code == 200
    assert 'data-coverage="gap"' in response.content.decode()
