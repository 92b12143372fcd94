"""Assignment runs on the real matching index: capacities, conflicts, review and confirm."""

from typing import Any

import pytest
from django.test import Client

from techbridge.assignments import services
from techbridge.assignments.choices import RunStatus
from techbridge.assignments.models import DeclaredConflict, NeedAssignment
from techbridge.core.choices import Role
from techbridge.matching.index import PlatformIndex
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.people.models import ProjectManager
from techbridge.ventures.models import EquityStake

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(user_factory: Any) -> Any:
    return user_factory("hq-assign", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)


def _batch(n: int = 6) -> list[TechnologyNeed]:
    return list(
        TechnologyNeed.objects.filter(
            technology_field__code="sic-power",
            confidentiality__in=[Confidentiality.STAFF_ONLY, Confidentiality.PUBLIC_SUMMARY],
        ).order_by("pk")[:n]
    )


def test_every_need_gets_its_handlers_within_capacity(small_index: PlatformIndex, hq: Any) -> None:
    needs = _batch()
    run = services.propose(hq, needs, handlers_per_need=2, index=small_index)
    proposals = list(run.proposals.all())
    assert run.unmet == 0 and not run.diagnosis
    per_need: dict[int, int] = {}
    for p in proposals:
        per_need[p.need_id] = per_need.get(p.need_id, 0) + 1
    assert per_need == {n.pk: 2 for n in needs}
    for pm in ProjectManager.objects.filter(
        pk__in=[p.project_manager_id for p in proposals if p.project_manager_id]
    ):
        assert sum(p.project_manager_id == pm.pk for p in proposals) <= pm.capacity


def test_conflicts_are_never_assigned(small_index: PlatformIndex, hq: Any) -> None:
    needs = _batch(3)
    first = services.propose(hq, needs, handlers_per_need=2, index=small_index)
    chosen = first.proposals.filter(institute__isnull=False).first() or first.proposals.first()
    assert chosen is not None
    need = TechnologyNeed.objects.get(pk=chosen.need_id)
    if chosen.institute_id:
        EquityStake.objects.create(
            institute_id=chosen.institute_id,
            enterprise=need.enterprise,
            equity_pct=10,
            acquired_on="2020-01-01",
        )
    else:
        DeclaredConflict.objects.create(
            project_manager_id=chosen.project_manager_id,
            enterprise=need.enterprise,
            reason="亲属任职",
        )
    again = services.propose(hq, needs, handlers_per_need=2, index=small_index)
    assert not again.proposals.filter(
        need_id=need.pk,
        institute_id=chosen.institute_id,
        project_manager_id=chosen.project_manager_id,
    ).exists()


def test_competitor_stake_is_a_conflict(small_index: PlatformIndex, hq: Any) -> None:
    need = _batch(1)[0]
    rival = Enterprise.objects.exclude(pk=need.enterprise_id).first()
    assert rival is not None
    need.enterprise.competitors.add(rival)
    run = services.propose(hq, [need], handlers_per_need=1, index=small_index)
    proposal = run.proposals.get()
    institute_id = proposal.institute_id or proposal.project_manager.institute_id  # type: ignore[union-attr]
    EquityStake.objects.create(
        institute_id=institute_id, enterprise=rival, equity_pct=5, acquired_on="2020-01-01"
    )
    conflicts = services.conflicts_for([need])
    assert any(c.reason == "competitor_stake" for c in conflicts)
    again = services.propose(hq, [need], handlers_per_need=1, index=small_index)
    p = again.proposals.get()
    assert (p.institute_id or p.project_manager.institute_id) != institute_id  # type: ignore[union-attr]


def test_shortage_is_explained_in_both_languages(small_index: PlatformIndex, hq: Any) -> None:
    ProjectManager.objects.update(capacity=0)
    from techbridge.institutes.models import ResearchInstitute

    ResearchInstitute.objects.update(need_capacity=0)
    run = services.propose(hq, _batch(2), handlers_per_need=1, index=small_index)
    assert run.unmet == 2
    assert run.diagnosis and run.diagnosis[0]["zh"] and run.diagnosis[0]["en"]


def test_review_adjust_and_confirm(small_index: PlatformIndex, hq: Any) -> None:
    needs = _batch(3)
    run = services.propose(hq, needs, handlers_per_need=1, index=small_index)
    first = run.proposals.order_by("need_id").first()
    assert first is not None
    revised = services.revise(
        hq, run, excluded=[(first.need_id, first.handler_key)], index=small_index
    )
    run.refresh_from_db()
    assert run.status == RunStatus.SUPERSEDED and revised.parent == run
    assert not revised.proposals.filter(
        need_id=first.need_id,
        project_manager_id=first.project_manager_id,
        institute_id=first.institute_id,
    ).exists()
    made = services.confirm(hq, revised)
    assert len(made) == 3 and NeedAssignment.objects.filter(run=revised).count() == 3
    with pytest.raises(services.AssignmentError):
        services.confirm(hq, revised)


def test_only_headquarters_may_assign(small_index: PlatformIndex, user_factory: Any) -> None:
    user = user_factory(
        "inst-assign", Organisation.objects.filter(kind="institute").first(), Role.INSTITUTE_STAFF
    )
    with pytest.raises(services.AssignmentError):
        services.propose(user, _batch(1), index=small_index)
    client = Client()
    client.force_login(user)
    assert client.get("/assignments/").status_code == 403


def test_pages(small_index: PlatformIndex, hq: Any, monkeypatch: Any) -> None:
    from techbridge.matching import serving as index_module

    monkeypatch.setattr(index_module, "_index", small_index)
    client = Client()
    client.force_login(hq)
    response = client.post(
        "/assignments/",
        {
            "technology_field": TechnologyNeed.objects.filter(technology_field__code="sic-power")[
                0
            ].technology_field_id,
            "limit": 4,
            "handlers_per_need": 1,
        },
    )
    assert response.status_code == 302
    page = client.get(
        response["Location"].replace("/assignments", "/en/assignments")
    ).content.decode()
    assert 'data-testid="proposals"' in page
    assert "Confirm" in page


def test_revise_ignores_pins_that_are_not_need_ids(small_index: PlatformIndex, hq: Any) -> None:
    # "²".isdigit() is True but int("²") fails; int() refuses over 4,300 digits
    from techbridge.matching import serving as index_module

    run = services.propose(hq, _batch(2), handlers_per_need=1, index=small_index)
    first = run.proposals.order_by("need_id").first()
    assert first is not None
    client = Client()
    client.force_login(hq)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module, "_index", small_index)
        response = client.post(
            f"/assignments/{run.pk}/revise/",
            {
                "pin": ["²|x", "9" * 5000 + "|x"],
                "exclude": [f"{first.need_id}|{first.handler_key}"],
            },
        )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.SUPERSEDED  # revised with the one well-formed exclusion
