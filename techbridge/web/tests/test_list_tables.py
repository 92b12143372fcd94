"""The network's list pages render their records through django-tables2: each column header
sorts both ways (by the values shown), the rows are paged, and a page's filters stay in the
sorting and paging links."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from techbridge.core.choices import Role
from techbridge.organisations.choices import OrganisationKind
from techbridge.organisations.models import Organisation

pytestmark = pytest.mark.django_db

#: (page, the table's test id, a column shown as a number, its header in English)
LISTS = [
    ("/partners/", "partners-table", "n_agreements", "Agreements"),
    ("/talent/", "fellows-table", None, "Experts"),
    ("/talent/project-managers/", "pm-table", "n_spinoffs", "Spin-off"),
    ("/chains/", "chain-table", "link_count", "Link"),
    ("/cooperation/jics/", "jic-table", "needs_count", "Need"),
    ("/assignments/", "assignment-runs", "unmet", "Places left unfilled"),
    ("/publications/", "runs", "read_count", "Read"),
    ("/institutes/", "institutes", "contracts_signed", "Contracts signed"),
    ("/needs/", "need-table", None, "Need"),
]


@pytest.fixture
def hq(user_factory: Any) -> Client:
    client = Client()
    headquarters = Organisation.objects.get(kind=OrganisationKind.HEADQUARTERS)
    client.force_login(user_factory("hq-tables", headquarters, Role.HQ_STAFF))
    return client


@pytest.mark.parametrize(("page", "testid", "number", "header"), LISTS)
def test_every_column_sorts_both_ways(
    hq: Client, page: str, testid: str, number: str | None, header: str
) -> None:
    response = hq.get(page)
    assert response.status_code == 200
    table = response.context["table"]
    assert f'data-testid="{testid}"'.encode() in response.content
    for column in table.columns:
        if not column.orderable:
            continue
        for order in (column.name, f"-{column.name}"):
            sorted_page = hq.get(page, {"sort": order})
            assert sorted_page.status_code == 200, order
            assert sorted_page.context["table"].order_by == (order,)
    if number is not None:
        rows = hq.get(page, {"sort": f"-{number}"}).context["table"].page.object_list
        values = [getattr(row.record, number) or 0 for row in rows]
        assert values == sorted(values, reverse=True)
    english = hq.get("/en" + page)
    headers = english.context["table"].columns
    assert header in [str(column.header) for column in headers]
    assert all(str(column.header)[:1] == str(column.header)[:1].upper() for column in headers)


def test_a_filtered_list_pages_and_sorts_within_its_filter(hq: Client) -> None:
    from techbridge.talent.models import Fellow

    last = Fellow.objects.dates("hired_on", "year").last()
    assert last is not None
    year = last.year
    total = Fellow.objects.filter(hired_on__year=year).count()
    response = hq.get("/talent/", {"year": str(year), "sort": "-hired_on"})
    table = response.context["table"]
    assert table.paginator.count == total
    assert len(table.page.object_list) == min(total, 50)
    # the header's sorting links keep the year
    assert f"year={year}".encode() in response.content.split(b"<tbody", 1)[0]
    shown = [row.record.hired_on for row in table.page.object_list]
    assert shown == sorted(shown, reverse=True) and {d.year for d in shown} == {year}


def test_a_long_list_is_paged(hq: Client) -> None:
    from techbridge.talent.models import Fellow

    response = hq.get("/talent/", {"page": 2})
    table = response.context["table"]
    assert table.paginator.count == Fellow.objects.count() > 50
    assert table.page.number == 2
    assert b'class="pagination' in response.content


def test_needs_never_sort_by_what_a_reader_may_not_read(hq: Client) -> None:
    # (a summary reader's order by hidden titles or enterprises would tell of them)
    for column in ("title", "-title", "enterprise", "-enterprise"):
        table = hq.get("/needs/", {"sort": column}).context["table"]
        assert table.order_by == (), column
        assert not table.columns[column.lstrip("-")].orderable


def test_the_pipeline_list_sorts_its_cases_and_stays_a_list(hq: Client) -> None:
    response = hq.get("/cooperation/pipeline/", {"view": "list"})
    table = response.context["table"]
    assert table.paginator.count > 50 and len(table.page.object_list) == 50
    head = response.content.split(b"<tbody", 1)[0]
    assert b"view=list" in head and b"sort=" in head  # the sorting links keep the list
    for column in table.columns:
        if not column.orderable:
            continue
        for order in (column.name, f"-{column.name}"):
            page = hq.get("/cooperation/pipeline/", {"view": "list", "sort": order})
            assert page.context["table"].order_by == (order,)
    shortest_first = hq.get("/cooperation/pipeline/", {"view": "list", "sort": "days_in_stage"})
    since = [row.record.stage_since for row in shortest_first.context["table"].page.object_list]
    assert since == sorted(since, reverse=True)
    assert hq.get("/cooperation/pipeline/").context["table"] is None  # the board


def test_two_tables_of_one_page_page_apart(hq: Client) -> None:
    """JITRI University's courses and students each keep their own page and order."""
    response = hq.get("/talent/university/", {"students-page": "2", "courses-sort": "-credits"})
    students, courses = response.context["students"], response.context["courses"]
    assert students.page.number == 2 and courses.page.number == 1
    assert courses.order_by == ("-credits",) and not students.order_by
    credits = [row.record.credits for row in courses.page.object_list]
    assert credits == sorted(credits, reverse=True)


def test_a_need_s_status_and_date_stay_on_one_line(hq: Client) -> None:
    # (对接中 broke into two lines in the narrow status column)
    response = hq.get("/needs/")
    rows = len(response.context["table"].page.object_list)
    assert rows > 0
    assert response.content.count(b'<td class="text-nowrap">') == 2 * rows
