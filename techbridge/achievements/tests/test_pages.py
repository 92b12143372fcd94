"""An achievement's page: its inventors and transfers, for network staff only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.core.choices import Role
from techbridge.core.formats import grouped
from techbridge.organisations.models import Enterprise

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_transfer_in_both_languages() -> None:
    hq = Client()
    hq.force_login(get_user_model().objects.get(username="hq"))
    item = TechnologicalAchievement.objects.filter(transfers__isnull=False).order_by("pk")[0]
    for prefix in ("", "/en"):
        html = hq.get(f"{prefix}/achievements/{item.pk}/").content.decode()
        assert html.count('data-testid="transfer"') == item.transfers.count()
        for transfer in item.transfers.all():
            assert grouped(transfer.value_cny) in html
    untransferred = TechnologicalAchievement.objects.filter(transfers__isnull=True)[0]
    html = hq.get(f"/en/achievements/{untransferred.pk}/").content.decode()
    assert 'data-testid="transfer"' not in html and "Not yet transferred." in html


def test_enterprise_users_are_kept_out(user_factory: Any) -> None:
    client = Client()
    client.force_login(
        user_factory("ent-achievements", Enterprise.objects.order_by("pk")[0], Role.ENTERPRISE_USER)
    )
    item = TechnologicalAchievement.objects.order_by("pk")[0]
    assert client.get(f"/achievements/{item.pk}/").status_code == 403
