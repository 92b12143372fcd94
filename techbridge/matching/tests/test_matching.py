"""Matching in the platform, on the real encoder: ranking, explanations, decisions, visibility."""

import re
from typing import Any

import pytest
from django.test import Client

from techbridge.core.choices import Role
from techbridge.matching import services
from techbridge.matching.choices import DecisionAction
from techbridge.matching.index import PlatformIndex
from techbridge.matching.models import DocumentVector, MatchDecision
from techbridge.needs.choices import Confidentiality
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.people.models import Expert

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def hq(user_factory: Any) -> Any:
    return user_factory("hq-match", Organisation.objects.get(kind="headquarters"), Role.HQ_STAFF)


def _sic_need(hq: Any) -> TechnologyNeed:
    need = TechnologyNeed.objects.filter(
        technology_field__code="sic-power", confidentiality=Confidentiality.STAFF_ONLY
    ).first()
    assert need is not None
    need.title = "碳化硅外延生长缺陷控制"
    need.description = "碳化硅外延层缺陷密度偏高，需要改进化学气相沉积工艺，提高功率器件良率。"
    return need


def test_a_sic_need_finds_sic_experts_first(small_index: PlatformIndex, hq: Any) -> None:
    need = _sic_need(hq)
    matches, dismissed = services.matches_for_need(hq, need, "expert", index=small_index)
    assert matches and not dismissed
    top = Expert.objects.select_related("organisation").get(pk=matches[0].resource_id)
    assert top.organisation.researchinstitute.technology_fields.filter(code="sic-power").exists()
    # Every match explains itself: evidence documents and a sentence in the active language.
    assert matches[0].evidence
    assert "依据" in matches[0].reason


def test_institutes_and_achievements_are_ranked_too(small_index: PlatformIndex, hq: Any) -> None:
    need = _sic_need(hq)
    institutes, _ = services.matches_for_need(hq, need, "institute", index=small_index)
    assert institutes[0].name.startswith("江苏集萃")
    assert "碳化硅" in institutes[0].name or "SiC" in institutes[0].detail or institutes[0].evidence
    achievements, _ = services.matches_for_need(hq, need, "achievement", index=small_index)
    assert achievements


def test_region_filter(small_index: PlatformIndex, hq: Any) -> None:
    need = _sic_need(hq)
    everything, _ = services.matches_for_need(hq, need, "expert", index=small_index)
    region = everything[0].region
    only, _ = services.matches_for_need(
        hq, need, "expert", services.Filters(region=region), index=small_index
    )
    assert only and all(m.region == region for m in only)


def test_dismissal_needs_a_reason_and_hides_the_match(small_index: PlatformIndex, hq: Any) -> None:
    need = _sic_need(hq)
    matches, _ = services.matches_for_need(hq, need, "expert", index=small_index)
    first = matches[0]
    with pytest.raises(services.MatchingError):
        services.record_decision(hq, need, "expert", first.resource_id, DecisionAction.DISMISSED)
    services.record_decision(
        hq, need, "expert", first.resource_id, DecisionAction.DISMISSED, reason="方向不符"
    )
    kept, dismissed = services.matches_for_need(hq, need, "expert", index=small_index)
    assert first.resource_id not in {m.resource_id for m in kept}
    assert [m.resource_id for m in dismissed] == [first.resource_id]


def test_feedback_on_other_needs_lifts_a_resource(small_index: PlatformIndex, hq: Any) -> None:
    need = _sic_need(hq)
    matches, _ = services.matches_for_need(hq, need, "expert", index=small_index)
    second = matches[1]
    others = TechnologyNeed.objects.exclude(pk=need.pk)[:3]
    for other in others:
        MatchDecision.objects.create(
            need=other,
            resource_type="expert",
            resource_id=second.resource_id,
            action=DecisionAction.CONTRACTED,
            actor=hq,
        )
    after, _ = services.matches_for_need(hq, need, "expert", index=small_index)
    lifted = next(m for m in after if m.resource_id == second.resource_id)
    assert lifted.score > second.score
    assert lifted.engine_score == pytest.approx(second.engine_score)
    # The fit shown follows the ranking score, on the 0-100 scale (read below the lift the
    # need's Chinese gives its scores, calibration.chinese_lift)
    assert services.fit(lifted.score) >= lifted.fit >= second.fit
    assert all(0 <= m.fit <= 100 for m in after)


def test_summary_readers_get_no_match_list(small_index: PlatformIndex, user_factory: Any) -> None:
    need = TechnologyNeed.objects.filter(confidentiality=Confidentiality.PUBLIC_SUMMARY).exclude(
        enterprise=Enterprise.objects.first()
    )[0]
    outsider = user_factory("ent-m", Enterprise.objects.first(), Role.ENTERPRISE_USER)
    with pytest.raises(services.MatchingError):
        services.matches_for_need(outsider, need, "expert", index=small_index)


def test_reverse_view_lists_only_visible_needs(
    small_index: PlatformIndex, hq: Any, user_factory: Any
) -> None:
    expert = Expert.objects.filter(
        organisation__researchinstitute__technology_fields__code="sic-power"
    ).first()
    assert expert is not None
    for_hq = services.needs_for_resource(hq, "expert", expert.pk, index=small_index)
    assert for_hq
    enterprise = Enterprise.objects.first()
    outsider = user_factory("ent-rev", enterprise, Role.ENTERPRISE_USER)
    allowed = set(TechnologyNeed.objects.visible_to(outsider).values_list("pk", flat=True))
    for need, _ in services.needs_for_resource(outsider, "expert", expert.pk, index=small_index):
        assert need.pk in allowed


def test_near_duplicates_finds_a_reworded_copy(small_index: PlatformIndex, hq: Any) -> None:
    original = TechnologyNeed.objects.filter(
        pk__in=[int(i.split(":")[1]) for i in small_index.needs.doc_ids_ if i]
    ).exclude(confidentiality=Confidentiality.NAMED_ONLY)[0]
    copy = TechnologyNeed(
        **{
            f.name: getattr(original, f.name)
            for f in TechnologyNeed._meta.concrete_fields
            if f.name != "id"
        }
    )
    copy.title = original.title + "（补充）"
    copy.pk = 10_000_000
    found = services.near_duplicates(hq, copy, index=small_index)
    assert found and found[0][0].pk == original.pk


def test_vectors_are_stored_and_reused(small_index: PlatformIndex) -> None:
    from techbridge.testing.matching import small_sources

    stored = DocumentVector.objects.count()
    assert stored >= small_index.status().total - 1
    stamps = dict(DocumentVector.objects.values_list("key", "updated_at"))
    assert any(k.endswith("#kw") for k in stamps)  # the demo's keywords have vectors too
    text_keys = [k for k in stamps if "#" not in k]
    again = PlatformIndex()
    sources = small_sources()
    again.build(
        type(sources)(
            sources.profile_documents,
            sources.achievements.model.objects.filter(
                pk__in=[int(k[4:]) for k in text_keys if k.startswith("ach:")]
            ),
            sources.needs.model.objects.filter(
                pk__in=[int(k[5:]) for k in text_keys if k.startswith("need:")]
            ),
        )
    )
    assert dict(DocumentVector.objects.values_list("key", "updated_at")) == stamps


def test_matches_panel_over_http(small_index: PlatformIndex, hq: Any, monkeypatch: Any) -> None:
    from techbridge.matching import serving as index_module

    monkeypatch.setattr(index_module, "_index", small_index)
    need = _sic_need(hq)
    need.save()
    client = Client()
    client.force_login(hq)
    body = client.get(f"/en/matching/needs/{need.pk}/?type=expert").content.decode()
    assert 'data-testid="match"' in body and "Supported by" in body
    first = re.search(r'data-resource="expert:(\d+)"', body)
    assert first
    response = client.post(
        f"/matching/needs/{need.pk}/decide/",
        {"resource_type": "expert", "resource_id": first.group(1), "action": "introduced"},
    )
    assert response.status_code == 302
    assert MatchDecision.objects.filter(need=need, action="introduced").exists()
    # The decision shows on the match as a label in the reader's language, not as its code
    for prefix, label in (("/en", "Introduced"), ("", "已引荐")):
        body = client.get(f"{prefix}/matching/needs/{need.pk}/?type=expert").content.decode()
        assert f'data-decision="introduced">{label}</span>' in body


def test_duplicates_panel_for_triage(
    small_index: PlatformIndex, hq: Any, monkeypatch: Any, user_factory: Any
) -> None:
    from techbridge.matching import serving as index_module

    monkeypatch.setattr(index_module, "_index", small_index)
    need_pk = next(int(i.split(":")[1]) for i in small_index.needs.doc_ids_ if i)
    need = TechnologyNeed.objects.get(pk=need_pk)
    need.confidentiality = Confidentiality.STAFF_ONLY
    need.save()
    client = Client()
    client.force_login(hq)
    body = client.get(f"/matching/needs/{need.pk}/duplicates/").content.decode()
    assert 'data-testid="near-duplicates"' in body and "/needs/" in body
    outsider_client = Client()
    outsider_client.force_login(user_factory("nobody-dup"))
    assert outsider_client.get(f"/matching/needs/{need.pk}/duplicates/").status_code == 404


@pytest.mark.parametrize("institute", ["%C2%B2", "9" * 5000])
def test_matches_panel_ignores_a_bad_institute_filter(
    small_index: PlatformIndex, hq: Any, monkeypatch: Any, institute: str
) -> None:
    # "²".isdigit() is True but int("²") fails; int() refuses over 4,300 digits
    from techbridge.matching import serving as index_module

    monkeypatch.setattr(index_module, "_index", small_index)
    need = _sic_need(hq)
    need.save()
    client = Client()
    client.force_login(hq)
    response = client.get(f"/matching/needs/{need.pk}/?type=expert&institute={institute}")
    assert response.status_code == 200
    assert response.context["filters"].institute is None
    assert 'data-testid="match"' in response.content.decode()


def _ranking(matches: list[Any]) -> list[tuple[str, float]]:
    return [(m.entity_id, round(m.score, 6)) for m in matches]


def test_a_rewritten_need_is_matched_on_its_new_text(small_index: PlatformIndex, hq: Any) -> None:
    # Given a need matched once: its vector is now in the shared cache
    need = _sic_need(hq)
    text = services.need_text(need)
    first = small_index.match_resources(text, ["expert"], k=10, title=need.title)
    again = small_index.match_resources(text, ["expert"], k=10, title=need.title)
    assert _ranking(again) == _ranking(first)
    # When its text is rewritten for another field
    need.title = "肿瘤免疫治疗抗体药物筛选"
    need.description = "需要建立单克隆抗体高通量筛选平台，评价肿瘤免疫治疗候选药物的体外活性。"
    text = services.need_text(need)
    # then the match list is the engine's for the new text (no vector of the old one reused)
    cached = small_index.match_resources(text, ["expert"], k=10, title=need.title)
    fresh = small_index.resources.match(text, entity_types=["expert"], k=10, need_title=need.title)
    assert _ranking(cached) == _ranking(fresh) != _ranking(first)
