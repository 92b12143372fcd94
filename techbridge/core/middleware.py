"""The API speaks the client's language.

Pages carry their language in the URL (``/en/...``); with the default language unprefixed,
Django's LocaleMiddleware activates the default language on every unprefixed path,
including ``/api/``. API clients say what they want with ``Accept-Language`` (or the
language cookie) instead, so this middleware, placed after LocaleMiddleware, honours that.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ApiLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
