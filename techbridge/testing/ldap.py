"""A throw-away OpenLDAP server (Debian's ``slapd``) for the single sign-on tests: an MDB
database in a temporary folder, on a free loopback port, filled with a few people and groups,
stopped when the test session ends."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .processes import free_port

SLAPD = os.environ.get("TECHBRIDGE_SLAPD", "/usr/sbin/slapd")
BASE = "dc=example,dc=org"
ADMIN_DN = f"cn=admin,{BASE}"
ADMIN_PASSWORD = "slapd-admin-secret"
PEOPLE = f"ou=people,{BASE}"
GROUPS = f"ou=groups,{BASE}"
#: Everyone's password in the test directory.
PASSWORD = "directory-pass-2026"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
database mdb
maxsize 10485760
suffix "{base}"
rootdn "{admin}"
rootpw {password}
directory {folder}/db
access to attrs=userPassword by anonymous auth by self write by * none
access to * by * read
"""


@dataclass
class Directory:
    url: str

    def connection(self) -> Any:
        import ldap3

        return ldap3.Connection(
            ldap3.Server(self.url), ADMIN_DN, ADMIN_PASSWORD, auto_bind=True, raise_exceptions=True
        )

    def add_person(self, uid: str, given: str, family: str, email: str) -> str:
        dn = f"uid={uid},{PEOPLE}"
        with self.connection() as c:
            c.add(
                dn,
                ["inetOrgPerson"],
                {
                    "uid": uid,
                    "cn": f"{family}{given}",
                    "givenName": given,
                    "sn": family,
                    "mail": email,
                    "userPassword": PASSWORD,
                },
            )
        return dn

    def add_group(self, name: str, members: list[str]) -> str:
        dn = f"cn={name},{GROUPS}"
        with self.connection() as c:
            c.add(dn, ["groupOfNames"], {"cn": name, "member": members})
        return dn

    def set_members(self, group_dn: str, members: list[str]) -> None:
        import ldap3

        with self.connection() as c:
            c.modify(group_dn, {"member": [(ldap3.MODIFY_REPLACE, members)]})


@pytest.fixture(scope="session")
def ldap_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    """A running slapd with ``ou=people`` and ``ou=groups`` under ``dc=example,dc=org``."""
    if shutil.which(SLAPD) is None:
        if os.environ.get("TECHBRIDGE_REQUIRE_SERVERS"):
            pytest.fail(f"{SLAPD} not found (apt-get install slapd)")
        pytest.skip(f"{SLAPD} not found (apt-get install slapd)")
    folder: Path = tmp_path_factory.mktemp("slapd")
    (folder / "db").mkdir()
    config = folder / "slapd.conf"
    config.write_text(
        CONFIG.format(folder=folder, base=BASE, admin=ADMIN_DN, password=ADMIN_PASSWORD)
    )
    port = free_port()
    url = f"ldap://127.0.0.1:{port}"
    log = (folder / "slapd.log").open("w")
    # -d 0: stay in the foreground (so the fixture owns the process), logging nothing extra.
    proc = subprocess.Popen(
        [SLAPD, "-f", str(config), "-h", url, "-d", "0"], stdout=log, stderr=subprocess.STDOUT
    )
    directory = Directory(url)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with directory.connection() as c:
                    c.add(BASE, ["dcObject", "organization"], {"dc": "example", "o": "Example"})
                    c.add(PEOPLE, ["organizationalUnit"], {"ou": "people"})
                    c.add(GROUPS, ["organizationalUnit"], {"ou": "groups"})
                break
            except Exception:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "slapd.log").read_text()) from None
                time.sleep(0.2)
        yield directory
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
