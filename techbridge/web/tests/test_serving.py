"""A serving process freezes its long-lived heap out of the garbage collector's full
collections once it is warm, and not before."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from django.test import Client

from techbridge.web.serving import HeapFreezer

pytestmark = pytest.mark.django_db


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_the_heap_is_frozen_after_the_first_requests_once_the_index_is_ready(
    unfrozen: None,
) -> None:
    ready = False
    freezer = HeapFreezer(ready=lambda: ready, after=3).connect()
    client = Client()
    try:
        for _ in range(5):
            client.get("/healthz")
        assert gc.get_freeze_count() == 0, "frozen while the index was still loading"
        assert not freezer.frozen
        ready = True
        client.get("/healthz")
        assert freezer.frozen
        frozen = gc.get_freeze_count()
        assert frozen > 1000, "the process's modules and objects are frozen"
        client.get("/healthz")
        # (frozen objects that are freed leave the count; nothing is frozen again)
        assert gc.get_freeze_count() <= frozen, "frozen once, not again at each request"
    finally:
        freezer.frozen = True
        from django.core.signals import request_finished

        request_finished.disconnect(freezer.request_done)


def test_a_cold_process_is_not_frozen(unfrozen: None) -> None:
    freezer = HeapFreezer(ready=lambda: True, after=10).connect()
    try:
        for _ in range(9):
            Client().get("/healthz")
        assert gc.get_freeze_count() == 0
        Client().get("/healthz")
        assert gc.get_freeze_count() > 0
    finally:
        from django.core.signals import request_finished

        request_finished.disconnect(freezer.request_done)
