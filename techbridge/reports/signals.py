"""Keep the shared cache of the network's yearly figures (``services.network_figures``), of
the dashboard map's resource counts (``dashboard.resource_counts``) and of headquarters'
dashboard counts of needs and cases (``dashboard.dashboard_data``) current.

Every save or delete of a record those figures count, and every import of such records, gives
the figures a new version after its transaction commits; the next page to ask computes them
again, in whatever process. Writes that bypass both (a bulk ``update()`` in a data migration
or a shell) show after at most ``services.NETWORK_FIGURES_TTL_S`` seconds.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from techbridge.achievements.models import AchievementTransfer
from techbridge.cooperation.models import (
    CooperationCase,
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
)
from techbridge.core.signals import records_imported
from techbridge.institutes.models import ResearchInstitute, RevenueRecord
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import OverseasPartner, PartnershipAgreement
from techbridge.people.models import Expert, ProjectManager
from techbridge.talent.models import Fellow, GraduateStudent
from techbridge.ventures.models import SpinOff

#: The records the yearly network figures and the dashboard's map count (needs are counted
#: per reader, not cached).
COUNTED = (
    Expert,
    ResearchInstitute,
    ProjectManager,
    Fellow,
    SpinOff,
    RevenueRecord,
    AchievementTransfer,
    JointInnovationCenter,
    CooperationContract,
    OverseasPartner,
    PartnershipAgreement,
    MajorProject,
    MajorProjectFunding,
    GraduateStudent,
)
VERSION_KEY = "reports:network-figures:version"
#: Needs and cases: counted per reader, but the same for every headquarters reader, whose
#: dashboard counts are kept under this second version (``dashboard.dashboard_data``).
NEED_FIGURES = (TechnologyNeed, CooperationCase)
NEED_VERSION_KEY = "reports:need-figures:version"


def _version(key: str) -> str:
    """The version under ``key``, made on first use (whichever process asks first)."""
    return str(cache.get_or_set(key, lambda: uuid.uuid4().hex, None))


def _renew(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, None)


def figures_version() -> str:
    """The version of the records behind the figures (a new one after each change)."""
    return _version(VERSION_KEY)


def need_figures_version() -> str:
    """The version of the needs and cases behind headquarters' dashboard counts."""
    return _version(NEED_VERSION_KEY)


def need_or_case_changed(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    transaction.on_commit(partial(_renew, NEED_VERSION_KEY))


def counted_record_changed(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    # After the commit: a page that read the old records meanwhile cached them under the old
    # version, which nobody asks for any more.
    transaction.on_commit(partial(_renew, VERSION_KEY))


def connect() -> None:
    for model in COUNTED:
        uid = f"reports_figures_{model._meta.label_lower}"
        post_save.connect(counted_record_changed, sender=model, dispatch_uid=uid + "_save")
        post_delete.connect(counted_record_changed, sender=model, dispatch_uid=uid + "_delete")
        records_imported.connect(counted_record_changed, sender=model, dispatch_uid=uid + "_in")
    for need_model in NEED_FIGURES:
        uid = f"reports_need_figures_{need_model._meta.label_lower}"
        post_save.connect(need_or_case_changed, sender=need_model, dispatch_uid=uid + "_save")
        post_delete.connect(need_or_case_changed, sender=need_model, dispatch_uid=uid + "_delete")
        records_imported.connect(need_or_case_changed, sender=need_model, dispatch_uid=uid + "_in")
