"""A seeded, repeatable generator of a realistic bilingual demo network.

The network runs from 2013 (the first institutes) to 2021. Its 2020 records add up to the
figures of the President's Statement of the 2020 annual report (``SEED_2020``); every other
year follows the same shape at its own scale. Records are written with ``bulk_create`` in
one transaction, so a failed run leaves nothing behind.
"""

from __future__ import annotations

import random

from auditlog.context import disable_auditlog
from django.db import transaction

from techbridge.demo.chains import create_demo_chains

from .base import DEMO_PASSWORD, LAST_DAY, SEED_2020, YEARS, World
from .steps.accounts import AccountsSteps
from .steps.cooperation import CooperationSteps
from .steps.institutes import InstitutesSteps
from .steps.needs import NeedsSteps
from .steps.organisations import OrganisationsSteps
from .steps.people import PeopleSteps
from .steps.publications import PublicationsSteps
from .steps.ventures import VenturesSteps

__all__ = ["DEMO_PASSWORD", "LAST_DAY", "SEED_2020", "YEARS", "DemoGenerator", "generate_demo"]


class DemoGenerator(
    OrganisationsSteps,
    PeopleSteps,
    NeedsSteps,
    CooperationSteps,
    VenturesSteps,
    InstitutesSteps,
    AccountsSteps,
    PublicationsSteps,
):
    """Builds the demo network. ``generate()`` is deterministic for a given ``seed``."""

    def __init__(self, seed: int = 2020) -> None:
        self.seed = seed

    def generate(self) -> dict[str, int]:
        self.rng_ = random.Random(self.seed)
        # Records added after the 2020 figures were fixed draw from their own stream, so that
        # the main stream (and with it every tested figure) stays exactly as it was.
        self.extra_rng_ = random.Random(self.seed + 1)
        # Keywords were added later still: their own stream too.
        self.keyword_rng_ = random.Random(self.seed + 2)
        # And the publication imports.
        self.publication_rng_ = random.Random(self.seed + 3)
        self.world_ = World()
        self._names_used: set[str] = set()
        with transaction.atomic(), disable_auditlog():
            self._taxonomy()
            self._glossary()
            self._institutes()
            self._universities_and_partners()
            self._enterprises()
            self._experts()
            self._project_managers()
            self._fellows()
            self._students()
            self._jics()
            self._needs()
            self._contracts()
            self._achievements()
            self._spinoffs()
            self._revenue()
            self._major_projects()
            self._users()
            self._equity_stakes()
            self._cases()
            self._case_workspaces()
            self._project_manager_work()
            self._frontier_records()
            self._evaluation_scheme()
            self.world_.counts.update(create_demo_chains())
            self._jitri_university()
            self._joint_projects()
            self._publication_imports()
        return self.world_.counts


def generate_demo(seed: int = 2020) -> dict[str, int]:
    """Create the demo network in an empty database; returns how many records of each kind."""
    return DemoGenerator(seed=seed).generate()
