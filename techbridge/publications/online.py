"""An expert's works fetched from ORCID and OpenAlex, when ``TECHBRIDGE_ONLINE_SOURCES`` is on.

Plain HTTPS GETs, as both services ask of polite clients: a User-Agent naming the platform and
a contact address (``TECHBRIDGE_ONLINE_SOURCES_CONTACT``, also OpenAlex's ``mailto``), a
timeout, one request at a time. What comes back is saved as a file and imported like an
uploaded one (``services.create_run``: the same readers, linking, merging and undo), in a job.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings

from techbridge.core import jobs
from techbridge.people.models import Expert

from . import services
from .models import ImportRun

ORCID_WORKS = "https://pub.orcid.org/v3.0/{orcid}/works"
OPENALEX_WORKS = "https://api.openalex.org/works"
#: Pages of 200 works fetched from OpenAlex at most (an expert with more gets their newest).
OPENALEX_PAGES = 5


def enabled() -> bool:
    return bool(settings.ONLINE_SOURCES)


def user_agent() -> str:
    contact = settings.ONLINE_SOURCES_CONTACT
    return f"TechBridge/1.0 (mailto:{contact})" if contact else "TechBridge/1.0"


def get_json(url: str) -> Any:
    request = urllib.request.Request(
        url, headers={"User-Agent": user_agent(), "Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=settings.ONLINE_SOURCES_TIMEOUT_S) as response:
        return json.loads(response.read().decode("utf-8"))


def fetch_openalex(author_id: str) -> dict[str, Any]:
    """The author's works as one OpenAlex list response (``{"results": [...]}``)."""
    results: list[Any] = []
    cursor = "*"
    for _page in range(OPENALEX_PAGES):
        params = {
            "filter": f"author.id:{author_id}",
            "per-page": "200",
            "sort": "publication_date:desc",
            "cursor": cursor,
        }
        if settings.ONLINE_SOURCES_CONTACT:
            params["mailto"] = settings.ONLINE_SOURCES_CONTACT
        page = get_json(f"{OPENALEX_WORKS}?{urllib.parse.urlencode(params)}")
        results.extend(page.get("results") or [])
        cursor = (page.get("meta") or {}).get("next_cursor") or ""
        if not cursor:
            break
    return {"results": results}


def fetch_orcid(orcid: str) -> dict[str, Any]:
    """The ORCID record's works summary (``/v3.0/{iD}/works``)."""
    return dict(get_json(ORCID_WORKS.format(orcid=urllib.parse.quote(orcid))))


def request_refresh(expert: Expert, user: Any) -> None:
    """Queue the refresh of ``expert``'s works (does nothing while online sources are off)."""
    if enabled():
        jobs.enqueue(
            "techbridge.publications.online.refresh_expert",
            expert.pk,
            getattr(user, "pk", None),
            name="publications-refresh",
        )


def refresh_expert(expert_id: int, user_id: int | None) -> list[int]:
    """The job: fetch the expert's works from each source they have an id at and import each
    answer as a run of its own."""
    if not enabled():
        return []
    from django.contrib.auth import get_user_model

    expert = Expert.objects.get(pk=expert_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    fetched: list[tuple[str, str, Any]] = []
    if expert.openalex_id:
        fetched.append(
            ("openalex", f"openalex-{expert.openalex_id}.json", fetch_openalex(expert.openalex_id))
        )
    if expert.orcid:
        fetched.append(("orcid", f"orcid-{expert.orcid}.json", fetch_orcid(expert.orcid)))
    return [import_payload(payload, fmt, name, user=user).pk for fmt, name, payload in fetched]


def import_payload(payload: Any, fmt: str, file_name: str, *, user: Any = None) -> ImportRun:
    """Import a fetched (or saved) JSON answer through the same path as an uploaded file."""
    run = services.create_run(
        user=user,
        file_name=file_name,
        content=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        source_format=fmt,
        start=False,
    )
    return services.import_file(run)
