"""The annual figures API: a year outside 1900–2100 is refused with a translated message."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="hq"))
    return client


@pytest.mark.parametrize(
    "year", ["0", "99999", "-5", "1899", "2101", "%C2%B2", "9" * 5000, "abc", "", "2020.0"]
)
def test_a_year_out_of_range_is_refused(staff_client: APIClient, year: str) -> None:
    url = f"/api/reports/annual/?year={year}"
    response = staff_client.get(url)
    assert response.status_code == 400
    assert response.json()["year"] == "年份须为 1900–2100 之间的整数。"


@pytest.mark.parametrize("year", ["1900", "2100"])
def test_the_range_ends_are_accepted(staff_client: APIClient, year: str) -> None:
    response = staff_client.get(f"/api/reports/annual/?year={year}")
    assert response.status_code == 200
    assert response.json()["year"] == int(year)
