"""The needs pages: list, detail, intake and triage through HTTP, in both languages."""

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from techbridge.core.choices import Role
from techbridge.needs.choices import Confidentiality, NeedStatus
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_shows_only_visible_needs_and_summaries(
    user_factory: Any, django_assert_max_num_queries: Any
) -> None:
    enterprise = Enterprise.objects.filter(needs__isnull=False).first()
    assert enterprise is not None
    client = _client(user_factory("ent-page", enterprise, Role.ENTERPRISE_USER))
    # (13: the page, its filters and the main menu, which asks whether the user is staff)
    with django_assert_max_num_queries(13):
        page = client.get("/needs/?confidentiality=staff_only").content.decode()
    hidden = TechnologyNeed.objects.filter(confidentiality=Confidentiality.STAFF_ONLY).exclude(
        enterprise=enterprise
    )[0]
    assert hidden.title not in page
    assert f"/needs/{hidden.pk}/" not in page


def test_the_list_s_filters_look_like_the_rest_of_the_form(user_factory: Any) -> None:
    # Given the needs list with its filters
    client = _client(user_factory("hq-filters", None, Role.HQ_STAFF))
    page = client.get("/needs/").content.decode()
    # Then each filter is a Tabler select, as the keyword box beside it is a Tabler input
    for name in ("status", "confidentiality", "technology_field"):
        select = re.search(rf'<select name="{name}"[^>]*>', page)
        assert select and 'class="form-select"' in select.group(0), name
    # whose empty choice says what it does
    assert page.count('<option value="" selected>全部</option>') == 3
    english = client.get("/en/needs/").content.decode()
    assert english.count('<option value="" selected>All</option>') == 3
    assert "---------" not in page + english


def test_search_box_does_not_find_hidden_text(user_factory: Any) -> None:
    enterprise = Enterprise.objects.first()
    hidden = TechnologyNeed.objects.filter(confidentiality=Confidentiality.PUBLIC_SUMMARY).exclude(
        enterprise=enterprise
    )[0]
    client = _client(user_factory("ent-search", enterprise, Role.ENTERPRISE_USER))
    # The description is hidden from this user: searching its words must not find the need.
    words = hidden.description[5:15]
    page = client.get("/needs/", {"q": words}).content.decode()
    assert f"/needs/{hidden.pk}/" not in page


def test_detail_of_hidden_need_is_404(user_factory: Any) -> None:
    enterprise = Enterprise.objects.first()
    hidden = TechnologyNeed.objects.filter(confidentiality=Confidentiality.NAMED_ONLY).exclude(
        enterprise=enterprise
    )[0]
    client = _client(user_factory("ent-404", enterprise, Role.ENTERPRISE_USER))
    assert client.get(f"/needs/{hidden.pk}/").status_code == 404
    assert client.get(f"/en/needs/{hidden.pk}/").status_code == 404


def test_intake_form_errors_in_english_and_nothing_written(user_factory: Any) -> None:
    enterprise = Enterprise.objects.first()
    assert enterprise is not None
    client = _client(user_factory("ent-form", enterprise, Role.ENTERPRISE_USER))
    before = TechnologyNeed.objects.count()
    response = client.post(
        "/en/needs/new/",
        {
            "enterprise": enterprise.pk,
            "title": "Test need",
            "description": "d",
            "language": "en",
            "technology_field": 1,
            "budget_min_cny": "100",
            "budget_max_cny": "50",
            "cooperation_mode": "contract_rd",
            "confidentiality": "public_summary",
            "public_summary": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "cannot be lower than the minimum" in body
    assert "must have a public summary" in body
    assert TechnologyNeed.objects.count() == before


def test_an_absurd_budget_is_refused_with_the_limit_in_words(user_factory: Any) -> None:
    enterprise = Enterprise.objects.first()
    assert enterprise is not None
    client = _client(user_factory("ent-budget", enterprise, Role.ENTERPRISE_USER))
    before = TechnologyNeed.objects.count()
    form = {
        "enterprise": enterprise.pk,
        "title": "预算过大的需求",
        "description": "d",
        "language": "zh",
        "technology_field": 1,
        "budget_min_cny": "1",
        "budget_max_cny": "50000000000000",
        "cooperation_mode": "contract_rd",
        "confidentiality": "staff_only",
    }
    chinese = client.post("/needs/new/", form).content.decode()
    assert "预算最多为 999,999,999,999.99 元" in chinese
    english = client.post("/en/needs/new/", form).content.decode()
    assert "A budget is at most 999,999,999,999.99 CNY" in english
    assert "digits" not in english
    assert TechnologyNeed.objects.count() == before


def test_the_form_warns_that_named_only_hides_the_need_from_headquarters(
    user_factory: Any,
) -> None:
    enterprise = Enterprise.objects.first()
    assert enterprise is not None
    client = _client(user_factory("ent-named", enterprise, Role.ENTERPRISE_USER))
    assert "总部也看不到这条需求" in client.get("/needs/new/").content.decode()
    english = client.get("/en/needs/new/").content.decode()
    assert "headquarters cannot see the need either" in english


def test_intake_and_triage_round_trip(user_factory: Any) -> None:
    from techbridge.core.models import TechnologyField

    enterprise = Enterprise.objects.first()
    assert enterprise is not None
    ent_client = _client(user_factory("ent-rt", enterprise, Role.ENTERPRISE_USER))
    response = ent_client.post(
        "/needs/new/",
        {
            "enterprise": enterprise.pk,
            "title": "高导热封装基板国产化",
            "description": "功率模块散热能力不足",
            "language": "zh",
            "technology_field": TechnologyField.objects.get(code="sic-power").pk,
            "budget_min_cny": "500000",
            "budget_max_cny": "1000000",
            "cooperation_mode": "contract_rd",
            "confidentiality": "staff_only",
        },
    )
    assert response.status_code == 302
    need = TechnologyNeed.objects.get(title="高导热封装基板国产化")
    hq_client = _client(
        user_factory("hq-rt", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)
    )
    detail = hq_client.get(f"/needs/{need.pk}/").content.decode()
    assert 'data-testid="triage-panel"' in detail
    hq_client.post(f"/needs/{need.pk}/triage/return/", {"reason": "请补充指标"})
    need.refresh_from_db()
    assert need.status == NeedStatus.RETURNED
    # The enterprise sees why, in the record of changes.
    assert "请补充指标" in ent_client.get(f"/needs/{need.pk}/").content.decode()
    # It cannot triage its own need.
    ent_client.post(f"/needs/{need.pk}/triage/open/")
    need.refresh_from_db()
    assert need.status == NeedStatus.RETURNED


def test_export_redacts_summary_only_rows(user_factory: Any) -> None:
    import csv
    import io

    enterprise = Enterprise.objects.filter(needs__isnull=False).first()
    assert enterprise is not None
    client = _client(user_factory("ent-export", enterprise, Role.ENTERPRISE_USER))
    text = client.get("/needs/export.csv?confidentiality=public_summary").content.decode(
        "utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    others = [
        r for r in rows if int(r["id"]) not in set(enterprise.needs.values_list("pk", flat=True))
    ]
    assert others and all(r["description"] == "" for r in others)
    hidden = TechnologyNeed.objects.filter(pk__in=[int(r["id"]) for r in others], is_anonymous=True)
    assert all(
        r["enterprise"] == ""
        for r in others
        if int(r["id"]) in set(hidden.values_list("pk", flat=True))
    )
    own = [r for r in rows if int(r["id"]) in set(enterprise.needs.values_list("pk", flat=True))]
    assert all(r["description"] for r in own)
    assert client.get("/needs/export.pdf").status_code == 404


def test_edit_page_round_trip(user_factory: Any) -> None:
    need = TechnologyNeed.objects.filter(
        status=NeedStatus.SUBMITTED, confidentiality="staff_only"
    ).first()
    assert need is not None
    client = _client(user_factory("owner-page", need.enterprise, Role.ENTERPRISE_USER))
    assert 'data-testid="edit-need"' in client.get(f"/needs/{need.pk}/").content.decode()
    form = client.get(f"/needs/{need.pk}/edit/").context["form"]
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("named_viewers", "attachments")
    }
    data["title"] = "改进后的需求标题"
    data["deadline"] = ""
    response = client.post(f"/needs/{need.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    need.refresh_from_db()
    assert need.title == "改进后的需求标题"
    other = _client(
        user_factory(
            "other-page", Enterprise.objects.exclude(pk=need.enterprise_id)[0], Role.ENTERPRISE_USER
        )
    )
    assert other.get(f"/needs/{need.pk}/edit/").status_code == 404


def test_named_viewers_are_looked_up_never_listed(user_factory: Any) -> None:
    # Given an enterprise user, an expert of the network and a user of another enterprise
    enterprise, rival = Enterprise.objects.order_by("pk")[:2]
    owner = user_factory("namer", enterprise, Role.ENTERPRISE_USER)
    expert = user_factory(
        "named-expert",
        Organisation.objects.filter(kind="institute").order_by("pk")[0],
        Role.EXPERT,
        email="Named.Expert@example.org",
    )
    user_factory("rival-user", rival, Role.ENTERPRISE_USER)
    client = _client(owner)
    # When the intake form is shown, no user of the platform is listed in it
    page = client.get("/needs/new/").content.decode()
    assert "named-expert" not in page and "rival-user" not in page
    form = client.get("/needs/new/").context["form"]
    field = form.fields["named_viewers"]
    # Then people are found by user name or e-mail, and another enterprise's staff is not
    assert field.clean("named-expert") == [expert]
    assert field.clean("named.expert@example.org ,") == [expert]
    with pytest.raises(ValidationError) as refused:
        field.clean("named-expert, rival-user, nobody-at-all")
    message = " ".join(refused.value.messages)
    assert "rival-user" in message and "nobody-at-all" in message


def test_an_attachment_is_kept_when_the_form_comes_back_with_errors(
    user_factory: Any, settings: Any, tmp_path: Any
) -> None:
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path / "media")
    enterprise = Enterprise.objects.first()
    assert enterprise is not None
    client = _client(user_factory("ent-keep", enterprise, Role.ENTERPRISE_USER))
    form = {
        "enterprise": enterprise.pk,
        "title": "保留附件的需求",
        "description": "功率模块散热",
        "language": "zh",
        "technology_field": 1,
        "budget_min_cny": "100",
        "budget_max_cny": "50",  # an error: the form comes back
        "cooperation_mode": "contract_rd",
        "confidentiality": "staff_only",
    }
    spec = SimpleUploadedFile("指标说明.txt", "导热系数 ≥ 400 W/mK".encode())
    # When the form comes back with an error, the chosen file is named as kept
    first = client.post("/needs/new/", {**form, "attachments": spec}).content.decode()
    assert 'data-testid="held-attachments"' in first and "指标说明.txt" in first
    tokens = re.findall(r'name="held_attachment" value="([^"]+)"', first)
    assert len(tokens) == 1
    # and another user cannot take it with the token
    other = _client(user_factory("ent-thief", enterprise, Role.ENTERPRISE_USER))
    stolen = other.post(
        "/needs/new/",
        {**form, "title": "别人的需求", "budget_max_cny": "500", "held_attachment": tokens},
    )
    assert stolen.status_code == 302
    assert not TechnologyNeed.objects.get(title="别人的需求").attachments.exists()
    # When it is corrected and sent again (the browser sends no file now), the file is attached
    done = client.post("/needs/new/", {**form, "budget_max_cny": "500", "held_attachment": tokens})
    assert done.status_code == 302
    need = TechnologyNeed.objects.get(title="保留附件的需求")
    (attachment,) = need.attachments.all()
    assert attachment.file.read().decode() == "导热系数 ≥ 400 W/mK"
