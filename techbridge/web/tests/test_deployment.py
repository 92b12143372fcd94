"""The platform as it is deployed: several web processes and a job worker on one database.

The demo server (``techbridge demo``: gunicorn and its job worker, on the database of this
test run: SQLite or PostgreSQL) takes the writes; two more ``techbridge serve`` processes on
the same database each keep their own matching index. A change committed anywhere (the API,
a separate shell process) must reach the match lists of both within the bound: 10 s on
SQLite, 5 s on PostgreSQL.
"""

from __future__ import annotations

import base64
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from techbridge.testing.browser import SERVER_ENV
from techbridge.testing.processes import (
    get_json,
    manage,
    manage_json,
    send_json,
    serve_all,
    signed_in,
)

pytestmark = [pytest.mark.slow, pytest.mark.both_databases]

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
BOUND_S = 5.0 if ON_POSTGRES else 10.0
ADMIN = "admin"


@pytest.fixture(scope="module")
def web_workers(demo_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    env = dict(SERVER_ENV[demo_server])
    logs = tmp_path_factory.mktemp("web-workers")
    started = serve_all(env, [logs / f"web-{n}.log" for n in range(2)])
    try:
        yield [base for _, base in started]
    finally:
        for proc, _ in started:
            proc.stop()


def _expert_ids(base: str, need_id: int) -> list[str]:
    url = f"{base}/api/needs/{need_id}/matches/?type=expert"
    return [m["resource_id"] for m in get_json(url, ADMIN)]


def _lags(bases: list[str], need_id: int, done: Callable[[list[str]], bool]) -> list[float]:
    """Seconds until each server's match list satisfies ``done`` (from now)."""
    started = time.monotonic()
    lags: dict[str, float] = {}
    while len(lags) < len(bases) and time.monotonic() - started < 4 * BOUND_S:
        for base in bases:
            if base not in lags and done(_expert_ids(base, need_id)):
                lags[base] = time.monotonic() - started
        time.sleep(0.1)
    assert len(lags) == len(bases), f"not every worker saw the change within {4 * BOUND_S} s"
    return [lags[b] for b in bases]


def test_changes_reach_every_web_workers_match_list(
    demo_server: str, web_workers: list[str], tmp_path: Path
) -> None:
    env = SERVER_ENV[demo_server]
    setup = manage_json(
        env,
        "import json\n"
        "from techbridge.needs.models import TechnologyNeed\n"
        "from techbridge.people.models import Expert\n"
        "n = TechnologyNeed.objects.filter(technology_field__code='sic-power')"
        ".order_by('pk').first()\n"
        "e = Expert.objects.filter(technology_fields__code='sic-power')"
        ".order_by('pk').first()\n"
        "print(json.dumps({'need': n.pk, 'title': n.title, 'text': n.description,"
        " 'organisation': e.organisation_id, 'academic_title': e.title,"
        " 'field': list(e.technology_fields.values_list('pk', flat=True))}))",
    )
    need = setup["need"]
    before = _expert_ids(web_workers[0], need)
    assert before == _expert_ids(web_workers[1], need) and len(before) >= 3
    changed, deleted = before[0], before[1]

    # 1. An expert with three documents, created through the API of the demo server.
    expert = send_json(
        f"{demo_server}/api/experts/",
        {
            "name_zh": "韩立新",
            "name_en": "Han Lixin",
            "title": setup["academic_title"],
            "organisation": setup["organisation"],
            "country": "CN",
            "email": "han.lixin@example.org",
            "technology_fields": setup["field"],
        },
        ADMIN,
    )
    for n in range(3):
        send_json(
            f"{demo_server}/api/profile-documents/",
            {
                "expert": expert["id"],
                "kind": "paper",
                "title": f"{setup['title']}（{n + 1}）",
                "abstract": setup["text"],
                "keywords": "",
                "language": "zh",
                "year": 2024,
                "venue": "",
            },
            ADMIN,
        )
    new_lags = _lags(web_workers, need, lambda ids: str(expert["id"]) in ids)

    # 2. Another expert's documents rewritten, in a separate process.
    manage(
        env,
        "from techbridge.people.models import ProfileDocument\n"
        f"for d in ProfileDocument.objects.filter(expert_id={changed}):\n"
        "    d.title = '深远海养殖网箱抗风浪结构设计'\n"
        "    d.abstract = '面向深远海养殖的重力式网箱，分析波浪与海流载荷下的结构响应。'\n"
        "    d.keywords = ''\n"
        "    d.save()\n",
    )
    changed_lags = _lags(web_workers, need, lambda ids: changed not in ids)

    # 3. A third expert's documents deleted, in a separate process.
    manage(
        env,
        "from techbridge.people.models import ProfileDocument\n"
        f"for d in ProfileDocument.objects.filter(expert_id={deleted}):\n"
        "    d.delete()\n",
    )
    deleted_lags = _lags(web_workers, need, lambda ids: deleted not in ids)

    lags = new_lags + changed_lags + deleted_lags
    print(f"freshness lag (s), new/changed/deleted per worker: {lags}")
    assert max(lags) <= BOUND_S

    health = get_json(f"{web_workers[0]}/healthz")
    assert health["queue"]["backlog"] >= 0
    names = {p["name"] for p in health["matching"]["processes"]}
    assert len(names) >= 2  # both serve processes report where their index stands


IMPORT_FILE = """
import base64, json
from django.contrib.auth import get_user_model
from techbridge.people.models import Expert
from techbridge.registers import registry
user = get_user_model().objects.get(username="hq")
register = registry.get("experts")
template = register.resource(user=user).export(queryset=Expert.objects.order_by("pk")[:1])
row = dict(zip(template.headers, template[0]))
data = type(template)(headers=template.headers)
for i in range(ROWS):
    row.update(id="", name_zh=f"跨进程{i}", name_en=f"Cross-worker {i}",
               email=f"cross-{i}@workers.example.org")
    data.append([row[h] for h in template.headers])
print(json.dumps(base64.b64encode(data.export("csv").encode()).decode()))
"""

COUNT_CROSS_WORKER = (
    "from techbridge.people.models import Expert\n"
    "print(Expert.objects.filter(email__endswith='@workers.example.org').count())"
)


def _signed_in(base: str, username: str) -> requests.Session:
    session: requests.Session = signed_in(base, username)
    assert "sessionid" in session.cookies
    return session


def test_an_import_uploaded_polled_and_confirmed_on_different_workers(
    demo_server: str, web_workers: list[str]
) -> None:
    # One signed-in user whose requests land on different web processes (a load balancer
    # without sticky sessions): the upload on the first, the confirm on the second, the
    # progress polled on both; the demo's job worker runs the import.
    first, second = web_workers
    env = SERVER_ENV[demo_server]
    csv = base64.b64decode(str(manage_json(env, IMPORT_FILE.replace("ROWS", "300"))))
    session = _signed_in(first, "hq")
    csrf = {"csrfmiddlewaretoken": session.cookies["csrftoken"]}

    preview = session.post(
        f"{first}/registers/experts/import/",
        data=csrf,
        files={"file": ("experts.csv", csv, "text/csv")},
        headers={"Referer": f"{first}/registers/experts/import/"},
        timeout=120,
    )
    assert preview.ok, preview.text[-2000:]
    found = re.search(r"/registers/experts/import/([^/]+)/confirm/", preview.text)
    assert found, preview.text[-2000:]
    token = found.group(1)

    confirm = session.post(
        f"{second}/registers/experts/import/{token}/confirm/",
        data=csrf,
        headers={"Referer": f"{second}/registers/experts/import/"},
        timeout=60,
    )
    assert confirm.ok and 'data-testid="import-progress"' in confirm.text, confirm.text[-2000:]

    rounds: list[list[str]] = []
    deadline = time.monotonic() + 300
    while not rounds or rounds[-1] != ["done", "done"]:
        assert time.monotonic() < deadline, rounds[-5:]
        seen: list[str] = []
        for base in (first, second):
            polled = session.get(f"{base}/registers/experts/import/{token}/progress/", timeout=60)
            assert polled.status_code == 200, (base, polled.status_code)
            state = re.search(r'data-state="(\w+)"', polled.text)
            assert state, polled.text[-1000:]
            seen.append(state.group(1))
        assert "failed" not in seen, polled.text[-2000:]
        rounds.append(seen)
        time.sleep(0.5)
    assert manage_json(env, COUNT_CROSS_WORKER) == 300
    # A second confirm of the same upload, on either worker, imports nothing more
    again = session.post(
        f"{first}/registers/experts/import/{token}/confirm/",
        data=csrf,
        headers={"Referer": f"{first}/registers/experts/import/"},
        timeout=60,
    )
    assert again.status_code < 500
    time.sleep(3)
    assert manage_json(env, COUNT_CROSS_WORKER) == 300
