"""Keep every process's matching index current: each saved or deleted record writes a row of
the change feed in its own transaction (``feed.py``); the encoding of its text is queued for
after the commit. Processes apply the feed themselves (``index.py``)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.cooperation.models import CooperationCase, CooperationContract
from techbridge.cooperation.signals import contract_recorded
from techbridge.core.signals import records_imported
from techbridge.needs.models import TechnologyNeed
from techbridge.people.models import Expert, ProfileDocument, ProjectManager

from .choices import DecisionAction
from .feed import forget_vectors, record_changes
from .models import MatchDecision
from .sources import KEY_PREFIX

INDEXED = tuple(KEY_PREFIX)


def _key(sender: Any, pk: Any) -> str:
    return f"{KEY_PREFIX[sender]}:{pk}"


@receiver(post_save, sender=ProfileDocument)
@receiver(post_save, sender=TechnologicalAchievement)
@receiver(post_save, sender=TechnologyNeed)
@receiver(post_save, sender=ProjectManager)
@receiver(post_save, sender=Expert)
def indexed_record_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures and restores: the next build reads the database
        return
    record_changes([_key(sender, instance.pk)])


@receiver(post_delete, sender=ProfileDocument)
@receiver(post_delete, sender=TechnologicalAchievement)
@receiver(post_delete, sender=TechnologyNeed)
@receiver(post_delete, sender=ProjectManager)
def indexed_record_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    key = _key(sender, instance.pk)
    forget_vectors([key])
    record_changes([key], encode=False)


@receiver(records_imported)
def records_imported_in_bulk(sender: Any, pks: list[Any], **kwargs: Any) -> None:
    """An import wrote rows in bulk (no ``post_save``): the feed gets one row per record."""
    if sender in KEY_PREFIX:
        record_changes([_key(sender, pk) for pk in pks])


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
