"""Personal API tokens: issued once, scoped, expiring, revocable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from techbridge.accounts import services
from techbridge.accounts.choices import TokenScope
from techbridge.accounts.models import ApiToken
from techbridge.core.choices import Role
from techbridge.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(user_factory: Any) -> Any:
    return user_factory("token-hq", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)


def _auth(secret: str) -> Any:
    return {"HTTP_AUTHORIZATION": f"Token {secret}"}


def test_a_token_from_the_page_reads_the_api_until_revoked(staff: Any) -> None:
    # Given a user who issues a read-only token on their tokens page
    web = Client()
    web.force_login(staff)
    page = web.post("/accounts/tokens/", {"name": "同步脚本", "scope": "read", "days": "30"})
    secret = page.context["secret"]
    assert secret.startswith("tb_") and secret in page.content.decode()
    stored = ApiToken.objects.get(user=staff)
    assert secret not in (stored.digest, stored.token_key)  # only a digest is kept
    assert stored.expiry is not None and stored.expiry < timezone.now() + dt.timedelta(days=31)
    # When it is used, it reads
    api = Client()
    assert api.get("/api/industries/", **_auth(secret)).status_code == 200
    # but it may not write
    write = api.post(
        "/api/industries/",
        {"code": "t1", "name_zh": "测试", "name_en": "Test"},
        content_type="application/json",
        **_auth(secret),
    )
    assert write.status_code == 403
    # and the page no longer shows the secret, only its prefix, with a button to revoke it
    listed = web.get("/accounts/tokens/").content.decode()
    assert secret not in listed and f"<code>{stored.token_key}…</code>" in listed
    assert listed.count('data-testid="token"') == 1
    assert f'action="/accounts/tokens/{stored.token_key}/revoke/"' in listed
    assert 'name="csrfmiddlewaretoken"' in listed.split('data-testid="token-list"', 1)[1]
    # and once revoked it is refused with a challenge
    web.post(f"/accounts/tokens/{stored.token_key}/revoke/")
    refused = api.get("/api/industries/", **_auth(secret))
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Token")


def test_a_read_write_token_writes_and_an_expired_one_is_refused(staff: Any) -> None:
    token, secret = services.issue_token(staff, name="导入", scope=TokenScope.READ_WRITE, days=1)
    api = Client()
    created = api.post(
        "/api/industries/",
        {"code": "tok-write", "name_zh": "令牌写入", "name_en": "Token write"},
        content_type="application/json",
        **_auth(secret),
    )
    assert created.status_code == 201, created.content
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert api.get("/api/industries/", **_auth(secret)).status_code == 401


def test_expired_tokens_leave_the_page_and_go_when_the_next_is_issued(staff: Any) -> None:
    # Given a user with a live token and one that has expired
    live, secret = services.issue_token(staff, name="在用", scope=TokenScope.READ, days=5)
    old, _old_secret = services.issue_token(staff, name="过期", scope=TokenScope.READ, days=5)
    ApiToken.objects.filter(pk=old.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    # When the live one reads the API, it answers and the expired one is still stored
    assert Client().get("/api/industries/", **_auth(secret)).status_code == 200
    assert ApiToken.objects.filter(pk=old.pk).exists()
    # but the tokens page lists only the live one
    web = Client()
    web.force_login(staff)
    listed = web.get("/accounts/tokens/").content.decode()
    assert listed.count('data-testid="token"') == 1 and f"{live.token_key}…" in listed
    # and issuing the next token deletes the expired one
    services.issue_token(staff, name="新的", scope=TokenScope.READ, days=5)
    assert set(ApiToken.objects.filter(user=staff).values_list("name", flat=True)) == {
        "在用",
        "新的",
    }


def test_token_requests_are_checked(staff: Any) -> None:
    cases: list[dict[str, Any]] = [
        {"name": "", "scope": "read", "days": 5},
        {"name": "x", "scope": "admin", "days": 5},
        {"name": "x", "scope": "read", "days": 0},
        {"name": "x", "scope": "read", "days": 366},
    ]
    for kwargs in cases:
        with pytest.raises(services.TokenError):
            services.issue_token(staff, **kwargs)
    assert not ApiToken.objects.filter(user=staff).exists()


def test_a_user_revokes_only_their_own_tokens(staff: Any, user_factory: Any) -> None:
    token, _secret = services.issue_token(staff, name="x", scope="read", days=5)
    other = user_factory("token-other")
    assert services.revoke_token(other, token.token_key) == 0
    assert ApiToken.objects.filter(pk=token.pk).exists()
