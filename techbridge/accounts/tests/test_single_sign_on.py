"""Single sign-on against real servers: a ``techbridge serve`` process configured through its
environment for OpenID Connect and LDAP, an OpenID Connect provider (oidc-provider-mock) and
an OpenLDAP server (Debian's slapd), on the database of the demo server.

A person signs in through the provider or with their directory password; the roles come from
their directory groups through the rules staff keep; when the directory takes a group away,
the next sign-in takes the role away, while roles given by hand stay.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from techbridge.testing.browser import SERVER_ENV
from techbridge.testing.ldap import PASSWORD as DIRECTORY_PASSWORD
from techbridge.testing.ldap import PEOPLE, Directory
from techbridge.testing.processes import free_port, manage, manage_json, serve, signed_in

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An OpenID Connect provider on a free loopback port; its users are set through its
    ``PUT /users/<sub>`` endpoint."""
    port = free_port()
    log = (tmp_path_factory.mktemp("oidc") / "provider.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/.well-known/openid-configuration", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(Path(log.name).read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def sso_server(
    demo_server: str,
    oidc_provider: str,
    ldap_directory: Directory,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    with urllib.request.urlopen(oidc_provider + "/.well-known/openid-configuration") as answer:
        provider = json.load(answer)
    env = {
        **SERVER_ENV[demo_server],
        "TECHBRIDGE_OIDC_CLIENT_ID": "techbridge",
        "TECHBRIDGE_OIDC_CLIENT_SECRET": "client-secret",
        "TECHBRIDGE_OIDC_PROVIDER_NAME": "JITRI ID",
        "TECHBRIDGE_OIDC_AUTHORIZATION_ENDPOINT": provider["authorization_endpoint"],
        "TECHBRIDGE_OIDC_TOKEN_ENDPOINT": provider["token_endpoint"],
        "TECHBRIDGE_OIDC_USERINFO_ENDPOINT": provider["userinfo_endpoint"],
        "TECHBRIDGE_OIDC_JWKS_ENDPOINT": provider["jwks_uri"],
        # The test provider signs with one key and names no key id.
        "TECHBRIDGE_OIDC_VERIFY_KID": "0",
        "TECHBRIDGE_LDAP_URL": ldap_directory.url,
        "TECHBRIDGE_LDAP_USER_SEARCH_BASE": PEOPLE,
        "TECHBRIDGE_LDAP_USER_DN_TEMPLATE": "uid={username}," + PEOPLE,
    }
    proc, base = serve(env, tmp_path_factory.mktemp("sso") / "serve.log")
    try:
        yield base
    finally:
        proc.stop()


def _rule(env: dict[str, str], group: str, org_kind: str, role: str, admin: bool) -> int:
    """A role rule for ``group``: ``role`` in the first organisation of ``org_kind``."""
    return int(
        manage_json(
            env,
            "import json\n"
            "from techbridge.accounts.models import DirectoryRoleRule\n"
            "from techbridge.organisations.models import Organisation\n"
            f"org = Organisation.objects.filter(kind={org_kind!r}).order_by('pk').first()\n"
            f"rule = DirectoryRoleRule.objects.create(group={group!r}, organisation=org,"
            f" role={role!r}, system_admin={admin!r})\n"
            "print(json.dumps(org.pk))",
        )
    )


def _memberships(env: dict[str, str], username: str) -> list[list[object]]:
    return manage_json(
        env,
        "import json\n"
        "from techbridge.accounts.models import Membership\n"
        f"rows = Membership.objects.filter(user__username={username!r}).order_by('role')\n"
        "print(json.dumps([[m.organisation_id, m.role, m.is_active, m.from_directory]"
        " for m in rows]))",
    )


def test_ldap_sign_in_takes_roles_from_directory_groups(
    demo_server: str, sso_server: str, ldap_directory: Directory
) -> None:
    env = SERVER_ENV[demo_server]
    hq = _rule(env, "techbridge-hq", "headquarters", "hq_staff", True)
    person = ldap_directory.add_person("zhou.lan", "岚", "周", "zhou.lan@jitri.example")
    group = ldap_directory.add_group("techbridge-hq", [person])

    # A wrong directory password signs nobody in
    refused = signed_in(sso_server, "zhou.lan", "wrong-password")
    assert "sessionid" not in refused.cookies

    # The directory password signs in; the group gives the headquarters role and admin access
    session = signed_in(sso_server, "zhou.lan", DIRECTORY_PASSWORD)
    assert "sessionid" in session.cookies
    assert session.get(f"{sso_server}/operations/", timeout=60).status_code == 200
    assert _memberships(env, "zhou.lan") == [[hq, "hq_staff", True, True]]
    user = manage_json(
        env,
        "import json\nfrom django.contrib.auth import get_user_model\n"
        "u = get_user_model().objects.get(username='zhou.lan')\n"
        "i = u.external_identities.get()\n"
        "print(json.dumps([u.email, u.last_name + u.first_name, u.has_usable_password(),"
        " i.provider, i.subject, i.groups]))",
    )
    assert user == [
        "zhou.lan@jitri.example",
        "周岚",
        False,
        "ldap",
        person,
        [group],
    ]
    # Staff give the person a second role by hand
    manage(
        env,
        "from django.contrib.auth import get_user_model\n"
        "from techbridge.accounts.models import Membership\n"
        "from techbridge.organisations.models import Organisation\n"
        "u = get_user_model().objects.get(username='zhou.lan')\n"
        "org = Organisation.objects.filter(kind='institute').order_by('pk').first()\n"
        "Membership.objects.create(user=u, organisation=org, role='institute_staff')\n",
    )

    # The directory takes the group away: the next sign-in withdraws what it gave, not the rest
    ldap_directory.set_members(group, [f"uid=nobody,{PEOPLE}"])
    session = signed_in(sso_server, "zhou.lan", DIRECTORY_PASSWORD)
    assert "sessionid" in session.cookies
    assert session.get(f"{sso_server}/operations/", timeout=60).status_code == 403
    rows = _memberships(env, "zhou.lan")
    assert [hq, "hq_staff", False, True] in rows
    assert [r[1:] for r in rows if r[1] == "institute_staff"] == [["institute_staff", True, False]]

    # Back in the group: the same membership is active again (no second one)
    ldap_directory.set_members(group, [person])
    signed_in(sso_server, "zhou.lan", DIRECTORY_PASSWORD)
    assert [r for r in _memberships(env, "zhou.lan") if r[1] == "hq_staff"] == [
        [hq, "hq_staff", True, True]
    ]


def _oidc_sign_in(server: str, provider: str, sub: str) -> requests.Session:
    """Through the sign-in page's single sign-on button: to the provider, authorise ``sub``
    there, back to the platform."""
    session = requests.Session()
    login = session.get(f"{server}/accounts/login/", timeout=60).text
    assert "使用 JITRI ID 登录" in login
    to_provider = session.get(f"{server}/oidc/authenticate/", timeout=60)
    assert to_provider.url.startswith(provider + "/oauth2/authorize")
    back = session.post(to_provider.url, data={"sub": sub}, timeout=60)
    assert back.status_code == 200, back.text[:2000]
    assert back.url.rstrip("/") == server, back.url
    return session


def test_oidc_sign_in_creates_the_person_with_roles_and_finds_them_again(
    demo_server: str, sso_server: str, oidc_provider: str
) -> None:
    env = SERVER_ENV[demo_server]
    institute = _rule(env, "techbridge-experts", "institute", "expert", False)
    # An expert record with this address and no account yet
    expert = int(
        manage_json(
            env,
            "import json\nfrom techbridge.people.models import Expert\n"
            "e = Expert.objects.filter(user__isnull=True).order_by('pk').first()\n"
            "e.email = 'Wang.Fang@Institute.example'\ne.save()\nprint(json.dumps(e.pk))",
        )
    )
    claims: dict[str, Any] = {
        "email": "wang.fang@institute.example",
        "email_verified": True,
        "preferred_username": "wang.fang",
        "given_name": "芳",
        "family_name": "王",
        "groups": ["techbridge-experts", "all-staff"],
    }
    requests.put(f"{oidc_provider}/users/wf-0001", json=claims, timeout=30).raise_for_status()

    session = _oidc_sign_in(sso_server, oidc_provider, "wf-0001")
    assert "sessionid" in session.cookies
    assert session.get(f"{sso_server}/operations/", timeout=60).status_code == 403
    assert _memberships(env, "wang.fang") == [[institute, "expert", True, True]]
    linked = manage_json(
        env,
        "import json\nfrom techbridge.people.models import Expert\n"
        f"e = Expert.objects.get(pk={expert})\n"
        "print(json.dumps([e.user.username, e.user.email, e.user.has_usable_password()]))",
    )
    assert linked == ["wang.fang", "wang.fang@institute.example", False]

    # The provider changes the address and the groups: the same account, the role withdrawn
    claims.update(email="fang.wang@institute.example", groups=["all-staff"])
    requests.put(f"{oidc_provider}/users/wf-0001", json=claims, timeout=30).raise_for_status()
    _oidc_sign_in(sso_server, oidc_provider, "wf-0001")
    found = manage_json(
        env,
        "import json\nfrom django.contrib.auth import get_user_model\n"
        "users = get_user_model().objects.filter(external_identities__subject='wf-0001')\n"
        "print(json.dumps([u.username + ' ' + u.email for u in users]))",
    )
    assert found == ["wang.fang fang.wang@institute.example"]
    assert _memberships(env, "wang.fang") == [[institute, "expert", False, True]]


def test_a_sign_in_refused_by_the_provider_comes_back_with_a_message(
    sso_server: str, oidc_provider: str
) -> None:
    session = requests.Session()
    to_provider = session.get(f"{sso_server}/oidc/authenticate/", timeout=60)
    back = session.post(to_provider.url, data={"action": "deny"}, timeout=60)
    assert back.url.startswith(f"{sso_server}/accounts/login/")
    assert "单点登录未成功" in back.text
    # Nobody is signed in (the session holds only the sign-in's state)
    still_out = session.get(f"{sso_server}/operations/", allow_redirects=False, timeout=60)
    assert still_out.status_code == 302 and "/accounts/login/" in still_out.headers["Location"]
