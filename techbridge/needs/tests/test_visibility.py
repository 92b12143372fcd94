"""One rule decides which needs a user sees; the API honours it and redacts summaries."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from techbridge.core.choices import Role
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation

pytestmark = pytest.mark.django_db


def _restricted_need_of_other(enterprise: Enterprise, level: str) -> TechnologyNeed:
    need = (
        TechnologyNeed.objects.exclude(enterprise=enterprise).filter(confidentiality=level).first()
    )
    assert need is not None
    return need


def test_anonymous_sees_nothing(django_user_model: object) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not TechnologyNeed.objects.visible_to(AnonymousUser()).exists()


def test_enterprise_user_sees_own_and_public_needs_only(user_factory: Any) -> None:
    enterprise = Enterprise.objects.filter(needs__isnull=False).first()
    assert enterprise is not None
    user = user_factory("ent", enterprise, Role.ENTERPRISE_USER)
    visible = TechnologyNeed.objects.visible_to(user)
    own = TechnologyNeed.objects.filter(enterprise=enterprise)
    assert set(own.values_list("pk", flat=True)) <= set(visible.values_list("pk", flat=True))
    others_restricted = visible.exclude(enterprise=enterprise).exclude(
        confidentiality=Confidentiality.PUBLIC_SUMMARY
    )
    assert not others_restricted.exists()
    staff_only = _restricted_need_of_other(enterprise, Confidentiality.STAFF_ONLY)
    assert not visible.filter(pk=staff_only.pk).exists()


def test_hq_sees_staff_only_but_not_named_only(user_factory: Any) -> None:
    hq = Organisation.objects.get(kind="headquarters")
    user = user_factory("hq-staff", hq, Role.HQ_STAFF)
    visible = TechnologyNeed.objects.visible_to(user)
    assert visible.filter(confidentiality=Confidentiality.STAFF_ONLY).count() == (
        TechnologyNeed.objects.filter(confidentiality=Confidentiality.STAFF_ONLY).count()
    )
    assert not visible.filter(confidentiality=Confidentiality.NAMED_ONLY).exists()


def test_named_viewer_sees_named_only_need(user_factory: Any) -> None:
    need = TechnologyNeed.objects.filter(confidentiality=Confidentiality.NAMED_ONLY).first()
    assert need is not None
    user = user_factory("named")
    assert not TechnologyNeed.objects.visible_to(user).filter(pk=need.pk).exists()
    need.named_viewers.add(user)
    assert TechnologyNeed.objects.visible_to(user).filter(pk=need.pk).exists()


def test_jic_manager_sees_staff_only_needs_of_own_jic(user_factory: Any) -> None:
    need = TechnologyNeed.objects.filter(
        confidentiality=Confidentiality.STAFF_ONLY, jic__isnull=False
    ).first()
    assert need is not None and need.jic is not None
    user = user_factory("jicm", need.jic.institute, Role.JIC_MANAGER)
    visible = TechnologyNeed.objects.visible_to(user)
    assert visible.filter(pk=need.pk).exists()
    assert (
        not visible.filter(confidentiality=Confidentiality.STAFF_ONLY)
        .exclude(jic__institute=need.jic.institute)
        .exclude(jic__enterprise_id=need.jic.institute_id)
        .exists()
    )


def test_api_lists_only_visible_needs_and_redacts_public_summaries(user_factory: Any) -> None:
    enterprise = Enterprise.objects.filter(needs__isnull=False).first()
    assert enterprise is not None
    user = user_factory("ent-api", enterprise, Role.ENTERPRISE_USER)
    client = APIClient()
    client.force_authenticate(user)
    ids: set[int] = set()
    url: str | None = "/api/needs/?limit=500"
    while url:
        body = client.get(url).json()
        for row in body["results"]:
            ids.add(row["id"])
            if row["enterprise"] != enterprise.pk:
                assert row["confidentiality"] == Confidentiality.PUBLIC_SUMMARY
                assert row["description"] is None
                assert row["full_text"] is False
            else:
                assert row["description"]
        url = body["next"]
    expected = set(TechnologyNeed.objects.visible_to(user).values_list("pk", flat=True))
    assert ids == expected
    hidden = TechnologyNeed.objects.exclude(pk__in=expected).first()
    assert hidden is not None
    assert client.get(f"/api/needs/{hidden.pk}/").status_code == 404


def test_anonymous_public_summary_hides_the_enterprise(user_factory: Any) -> None:
    need = TechnologyNeed.objects.filter(
        confidentiality=Confidentiality.PUBLIC_SUMMARY, is_anonymous=True
    ).first()
    assert need is not None
    user = user_factory("outsider")
    client = APIClient()
    client.force_authenticate(user)
    row = client.get(f"/api/needs/{need.pk}/").json()
    assert row["enterprise"] is None and row["jic"] is None
    assert row["public_summary"] == need.public_summary


def test_full_text_rule_in_sql_and_in_memory_agree(user_factory: Any) -> None:
    from techbridge.needs.visibility import NeedAudience

    need = TechnologyNeed.objects.filter(jic__isnull=False).first()
    assert need is not None and need.jic is not None
    hq = Organisation.objects.get(kind="headquarters")
    named = user_factory("named-2")
    TechnologyNeed.objects.filter(confidentiality=Confidentiality.NAMED_ONLY)[0].named_viewers.add(
        named
    )
    from techbridge.assignments.models import NeedAssignment
    from techbridge.institutes.models import ResearchInstitute

    assigned_institute = ResearchInstitute.objects.last()
    for staff_need in TechnologyNeed.objects.filter(confidentiality="staff_only")[:5]:
        NeedAssignment.objects.create(need=staff_need, institute=assigned_institute)
    users = [
        user_factory("u-assigned", assigned_institute, Role.INSTITUTE_STAFF),
        user_factory("u-ent", need.enterprise, Role.ENTERPRISE_USER),
        user_factory("u-hq", hq, Role.HQ_STAFF),
        user_factory("u-jic", need.jic.institute, Role.JIC_MANAGER),
        user_factory("u-none"),
        named,
    ]
    needs = list(TechnologyNeed.objects.select_related("jic").prefetch_related("named_viewers"))
    for user in users:
        audience = NeedAudience.of(user)
        in_sql = set(
            TechnologyNeed.objects.filter(audience.full_text_q()).values_list("pk", flat=True)
        )
        in_memory = {
            n.pk for n in needs if audience.sees_full_text(n, {u.pk for u in n.named_viewers.all()})
        }
        assert in_sql == in_memory, user.username


def test_assigned_staff_read_staff_only_needs(user_factory: Any) -> None:
    from techbridge.assignments.models import NeedAssignment
    from techbridge.institutes.models import ResearchInstitute

    need = TechnologyNeed.objects.filter(confidentiality=Confidentiality.STAFF_ONLY).first()
    assert need is not None
    institute = ResearchInstitute.objects.exclude(jics=need.jic).first()
    assert institute is not None
    staff = user_factory("inst-assigned", institute, Role.INSTITUTE_STAFF)
    assert not TechnologyNeed.objects.visible_to(staff).filter(pk=need.pk).exists()
    NeedAssignment.objects.create(need=need, institute=institute)
    assert TechnologyNeed.objects.visible_to(staff).filter(pk=need.pk).exists()
    named_only = TechnologyNeed.objects.filter(confidentiality=Confidentiality.NAMED_ONLY).first()
    assert named_only is not None
    NeedAssignment.objects.create(need=named_only, institute=institute)
    assert not TechnologyNeed.objects.visible_to(staff).filter(pk=named_only.pk).exists()


def test_a_need_with_several_named_viewers_is_listed_once(user_factory: Any) -> None:
    """Lists count and page the needs themselves: a need named to several people is one row
    for each of them (and for the enterprise), however many viewers it names."""
    need = TechnologyNeed.objects.filter(confidentiality=Confidentiality.NAMED_ONLY).first()
    assert need is not None
    viewers = [user_factory(f"named-{i}") for i in range(3)]
    need.named_viewers.add(*viewers)
    for user in viewers:
        visible = TechnologyNeed.objects.visible_to(user)
        assert list(visible.filter(pk=need.pk).values_list("pk", flat=True)) == [need.pk]
        assert visible.count() == len(set(visible.values_list("pk", flat=True)))
    owner = user_factory("owner", need.enterprise, Role.ENTERPRISE_USER)
    visible = TechnologyNeed.objects.visible_to(owner)
    assert visible.filter(pk=need.pk).count() == 1
    assert visible.count() == len(set(visible.values_list("pk", flat=True)))
