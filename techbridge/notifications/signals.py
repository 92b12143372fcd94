"""Notify people when the records of their needs and cases change.

The handlers run inside the change's own transaction: the notifications are stored with it
(and roll back with it); e-mails leave on commit. Fixtures (``raw``) and the demo generator
(``bulk_create``) send nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from techbridge.cooperation.models import CaseMeeting, CaseMessage, CaseStageChange
from techbridge.matching.models import MatchDecision
from techbridge.needs.models import NeedEvent

from . import services


@receiver(post_save, sender=CaseStageChange, dispatch_uid="notify_case_stage_change")
def case_stage_change_saved(
    instance: CaseStageChange, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        services.case_stage_changed(instance)


@receiver(post_save, sender=MatchDecision, dispatch_uid="notify_match_decision")
def match_decision_saved(
    instance: MatchDecision, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        services.match_introduced(instance)


@receiver(post_save, sender=NeedEvent, dispatch_uid="notify_need_event")
def need_event_saved(instance: NeedEvent, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        services.need_status_changed(instance)


@receiver(post_save, sender=CaseMessage, dispatch_uid="notify_case_message")
def case_message_saved(
    instance: CaseMessage, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        services.case_message_posted(instance)


@receiver(post_save, sender=CaseMeeting, dispatch_uid="notify_case_meeting")
def case_meeting_saved(
    instance: CaseMeeting, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        services.meeting_scheduled(instance)
