"""The garbage collector in a serving process.

A serving process keeps a large heap for its whole life: Django's loaded code, the encoder's
model and the matching index. CPython's full collections walk all of it (about 70 ms on the
demo's index), roughly once every hundred requests, and every request the process is serving
waits meanwhile; that pause made most of the slowest one percent of the load figures. Once the
process has loaded its index and served its first requests, ``gc.freeze()`` moves what it holds
to a generation the collector no longer walks (Python's documented recipe for long-lived
servers), so later collections look at the requests' own objects only.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.core.signals import request_finished

log = logging.getLogger(__name__)

#: Requests a process serves before it freezes its heap: enough to have compiled its
#: templates, resolved its URLs and filled its caches of reference data.
WARM_AFTER_REQUESTS = 20


class HeapFreezer:
    """Freezes the process's heap once ``ready()`` holds and ``after`` requests are done."""

    def __init__(self, ready: Callable[[], bool], after: int = WARM_AFTER_REQUESTS) -> None:
        self.ready = ready
        self.after = after
        self.served = 0
        self.frozen = False
        self._lock = threading.Lock()

    def request_done(self, **_kwargs: Any) -> None:
        if self.frozen:
            return
        with self._lock:
            self.served += 1
            if self.frozen or self.served < self.after or not self.ready():
                return
            self.frozen = True
        gc.collect()  # garbage is collected once more, not frozen with the rest
        gc.freeze()
        request_finished.disconnect(self.request_done)
        log.info("heap frozen after %d requests: %d objects", self.served, gc.get_freeze_count())

    def connect(self) -> HeapFreezer:
        request_finished.connect(self.request_done, weak=False)
        return self
