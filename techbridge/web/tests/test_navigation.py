"""The main menu: network staff reach every network page from it; enterprise users don't see it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from techbridge.core.choices import Role
from techbridge.organisations.choices import OrganisationKind
from techbridge.organisations.models import Enterprise, Organisation

NETWORK_MENU = 'data-testid="nav-network"'


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _menu_links(html: str) -> list[str]:
    menu = html.split(NETWORK_MENU, 1)[1].split("</li>", 1)[0]
    return re.findall(r'class="dropdown-item" href="([^"]+)"', menu)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_headquarters_reach_every_network_page(prefix: str, user_factory: Any) -> None:
    hq = Organisation.objects.get(kind=OrganisationKind.HEADQUARTERS)
    client = _client(user_factory("hq-nav", hq, Role.HQ_STAFF))
    home = client.get(f"{prefix}/")
    assert home.status_code == 200
    links = _menu_links(home.content.decode())
    assert len(links) == 10  # the glossary among them
    for link in links:
        assert link.startswith(f"{prefix}/"), link
        assert client.get(link).status_code == 200, link


@pytest.mark.django_db
def test_enterprise_users_do_not_see_the_network_menu(user_factory: Any) -> None:
    client = _client(user_factory("ent-nav", Enterprise.objects.first(), Role.ENTERPRISE_USER))
    home = client.get("/")
    assert home.status_code == 200
    assert NETWORK_MENU not in home.content.decode()
    assert "/registers/" not in home.content.decode()


LISTS_WITH_EXPORTS = [
    "/cooperation/contracts/",
    "/cooperation/pipeline/",
    "/cooperation/major-projects/",
    "/cooperation/jics/",
    "/ventures/",
    "/talent/",
    "/talent/university/",
    "/talent/project-managers/",
    "/partners/",
    "/institutes/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", LISTS_WITH_EXPORTS)
def test_list_pages_export_their_register(page: str, user_factory: Any) -> None:
    hq = Organisation.objects.get(kind=OrganisationKind.HEADQUARTERS)
    client = _client(user_factory("hq-exp", hq, Role.HQ_STAFF))
    html = client.get(page).content.decode()
    block = html.split('data-testid="register-export"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'href="([^"]+)"', block)
    assert len(links) == 3
    xlsx, csv = links[1], links[2]
    assert client.get(links[0]).status_code == 200
    got = client.get(xlsx)
    assert got.status_code == 200
    assert got["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = client.get(csv).content.decode("utf-8-sig").strip().splitlines()
    assert len(rows) > 1  # a header and the demo's records


@pytest.mark.django_db
def test_menu_offers_only_pages_the_user_may_open(user_factory: Any) -> None:
    from techbridge.institutes.models import ResearchInstitute

    evaluation, report = "/institutes/evaluation/2020/", "/reports/annual/2020/"
    staff = _client(
        user_factory("inst-nav", ResearchInstitute.objects.first(), Role.INSTITUTE_STAFF)
    )
    html = staff.get("/").content.decode()
    assert f'href="{report}"' in html and f'href="{evaluation}"' not in html
    assert staff.get(evaluation).status_code == 403  # headquarters' page
    enterprise = _client(user_factory("ent-nav2", Enterprise.objects.first(), Role.ENTERPRISE_USER))
    html = enterprise.get("/").content.decode()
    assert f'href="{report}"' not in html and f'href="{evaluation}"' not in html
