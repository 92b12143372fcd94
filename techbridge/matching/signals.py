"""Keep the matching index current: saved and deleted records are re-indexed on commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.cooperation.models import CooperationCase, CooperationContract
from techbridge.cooperation.signals import contract_recorded
from techbridge.core.signals import records_imported
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import Expert, ProfileDocument, ProjectManager

from . import sources
from .choices import DecisionAction
from .index import get_index
from .models import MatchDecision


def _later(fn: Any) -> None:
    transaction.on_commit(fn)


@receiver(post_save, sender=ProfileDocument)
def profile_document_saved(instance: ProfileDocument, **kwargs: Any) -> None:
    doc = sources.profile_document(instance)
    link = sources.expert_link(instance.expert)
    _later(lambda: get_index().upsert([doc], [link] if link else []))


@receiver(post_save, sender=TechnologicalAchievement)
def achievement_saved(instance: TechnologicalAchievement, **kwargs: Any) -> None:
    doc = sources.achievement_document(instance)
    link = sources.achievement_link(instance)
    _later(lambda: get_index().upsert([doc], [link] if link else []))


@receiver(post_save, sender=TechnologyNeed)
def need_saved(instance: TechnologyNeed, **kwargs: Any) -> None:
    doc = sources.need_document(instance)
    _later(lambda: get_index().upsert([doc]))


@receiver(post_save, sender=ProjectManager)
def project_manager_saved(instance: ProjectManager, **kwargs: Any) -> None:
    doc = sources.project_manager_document(instance)
    _later(lambda: get_index().upsert([doc]))


@receiver(post_save, sender=Expert)
def expert_saved(instance: Expert, **kwargs: Any) -> None:
    link = sources.expert_link(instance)
    if link is not None:
        _later(lambda: get_index().upsert([], [link]))


@receiver(post_delete, sender=ProfileDocument)
@receiver(post_delete, sender=TechnologicalAchievement)
@receiver(post_delete, sender=TechnologyNeed)
@receiver(post_delete, sender=ProjectManager)
def indexed_record_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    prefixes: dict[Any, str] = {
        ProfileDocument: "doc",
        TechnologicalAchievement: "ach",
        TechnologyNeed: "need",
        ProjectManager: "pm",
    }
    prefix = prefixes[sender]
    key = f"{prefix}:{instance.pk}"
    _later(lambda: get_index().remove([key]))


@receiver(records_imported)
def records_imported_in_bulk(sender: Any, pks: list[Any], **kwargs: Any) -> None:
    """An import wrote rows in bulk (no ``post_save``): index what those rows hold.

    Before the index is built in this process there is nothing to do: the build reads the
    database.
    """
    index = get_index()
    if index.status().state == "empty":
        return
    docs: list[Any] = []
    links: list[sources.Link] = []
    if sender is ProfileDocument:
        rows = ProfileDocument.objects.filter(pk__in=pks).select_related("expert__organisation")
        docs = [sources.profile_document(d) for d in rows]
        links = [link for d in rows if (link := sources.expert_link(d.expert))]
    elif sender is Expert:
        rows_e = Expert.objects.filter(pk__in=pks).select_related("organisation")
        links = [link for e in rows_e if (link := sources.expert_link(e))]
    elif sender is TechnologicalAchievement:
        rows_a = TechnologicalAchievement.objects.filter(pk__in=pks).select_related("owner")
        docs = [sources.achievement_document(a) for a in rows_a]
        links = [link for a in rows_a if (link := sources.achievement_link(a))]
    elif sender is ProjectManager:
        pms = ProjectManager.objects.filter(pk__in=pks)
        docs = [sources.project_manager_document(p) for p in pms]
    elif sender is TechnologyNeed:
        docs = [sources.need_document(n) for n in TechnologyNeed.objects.filter(pk__in=pks)]
    if docs or links:
        index.upsert(docs, links)


@receiver(contract_recorded, sender=CooperationContract, dispatch_uid="contract_as_feedback")
def contract_as_feedback(
    contract: CooperationContract, case: CooperationCase | None, actor: Any, **kwargs: Any
) -> None:
    """A contract is the strongest feedback a match can get: it ranks the resource higher for
    like needs. Stored in the contract's own transaction."""
    if case is None:
        return
    MatchDecision.objects.create(
        need=case.need,
        resource_type=case.resource_type,
        resource_id=case.resource_id,
        action=DecisionAction.CONTRACTED,
        actor_id=getattr(actor, "pk", None),
    )
