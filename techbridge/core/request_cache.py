"""Values computed once per request: who the user is in the network is asked by the view, the
menu, the templates and the serializers of one page; within a request the answer holds.

Outside a request (jobs, commands, services called directly) nothing is cached.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_cache: ContextVar[dict[Hashable, Any] | None] = ContextVar(
    "techbridge_request_cache", default=None
)


def once_per_request(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered under ``key`` until the current request ends."""
    cache = _cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    value: T = cache[key]
    return value


class RequestCacheMiddleware:
    """Opens the per-request cache for the view and everything it renders."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _cache.set({})
        try:
            return self.get_response(request)
        finally:
            _cache.reset(token)
