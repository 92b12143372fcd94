"""The encoding job: a job whose time budget is spent hands the rest of its documents to a
new job, so that the queue's time limit (which stops a job for good) is never reached."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings

from techbridge.matching.index import BATCH
from techbridge.matching.jobs import encode_documents
from techbridge.matching.models import DocumentVector, IndexChange
from techbridge.people.tests.factories import ExpertFactory, ProfileDocumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_a_job_out_of_time_hands_the_rest_to_a_new_job(
    django_capture_on_commit_callbacks: Any,
) -> None:
    expert = ExpertFactory()
    docs = ProfileDocumentFactory.create_batch(2 * BATCH + 5, expert=expert)
    keys = [f"doc:{d.pk}" for d in docs]
    assert not DocumentVector.objects.filter(key__in=keys).exists()
    changes = IndexChange.objects.filter(key__in=keys).count()
    no_time = {**settings.Q_CLUSTER, "timeout": 0}
    with override_settings(Q_CLUSTER=no_time), django_capture_on_commit_callbacks(execute=True):
        # the first job stores one batch, then its budget is spent
        assert encode_documents(keys) == BATCH
        assert DocumentVector.objects.filter(key__in=keys).count() == BATCH
    # the jobs it handed on stored the rest, each document once, each with its change
    assert DocumentVector.objects.filter(key__in=keys).count() == len(keys)
    assert IndexChange.objects.filter(key__in=keys).count() == changes + len(keys)
