"""Notification texts as message keys with parameters, rendered in the reader's language.

A notification stores its title and body as ``{"msgid": ..., "params": {...}}``: the
untranslated message (the Chinese source text of a ``gettext`` call) and its parameters,
where a parameter that is itself translatable (a stage or status label) is stored as
``{"msgid": ...}`` too. Pages render them in the language of the page, so a Chinese reader
reads Chinese and an English reader English, and a corrected translation applies to every
notification sent before. E-mails, whose reader's language is not known, carry both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext


def _msgid(text: str | Promise) -> str:
    """The untranslated text of a lazy ``gettext`` string (or the string itself)."""
    with translation.override(None):
        return str(text)


@dataclass(frozen=True)
class Phrase:
    """A translatable text and its parameters, kept apart until the language is chosen
    (lazy strings are formatted eagerly by ``%``); parameters that are lazy themselves
    (choice labels) follow the language too."""

    template: str | Promise
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, language: str) -> str:
        with translation.override(language):
            return render_message(self.as_message())

    def as_message(self) -> dict[str, Any]:
        """The stored form: message key and parameters (JSON)."""
        params: dict[str, Any] = {}
        for key, value in self.params.items():
            params[key] = {"msgid": _msgid(value)} if isinstance(value, Promise) else str(value)
        return {"msgid": _msgid(self.template), "params": params}


def render_message(message: Mapping[str, Any]) -> str:
    """A stored message in the active language."""
    text = gettext(str(message.get("msgid", "")))
    params = message.get("params") or {}
    if not params:
        return text
    values = {
        key: gettext(value["msgid"]) if isinstance(value, dict) else str(value)
        for key, value in params.items()
    }
    try:
        return text % values
    except (KeyError, TypeError, ValueError):
        # A translation that names its parameters differently: the source text still works.
        return str(message.get("msgid", "")) % values
