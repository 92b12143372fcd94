"""Template filters for figures in both languages."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from techbridge.core import formats
from techbridge.core.permissions import is_network_staff
from techbridge.needs.visibility import NeedAudience
from techbridge.web import menu

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

register = template.Library()


@register.filter
def cny_short(value: int | Decimal | None) -> str:
    """CNY amount the way each language reads it: '6.30 亿元' or '630.0 million CNY'."""
    return formats.cny_short(value)


@register.simple_tag(takes_context=True)
def default_language_path(context: template.Context) -> str:
    """The current page's URL in the default language, for the language switch.

    Django's ``set_language`` runs on an unprefixed URL, where the default language is
    active, so it can only translate a ``next`` URL given in that language.
    """
    request = context["request"]
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)


@register.filter
def grouped(value: int | float | Decimal | None) -> str:
    """A whole number with thousands separators in every language: 100,000,000."""
    return formats.grouped(value)


@register.filter
def network_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user works for the network (headquarters, institutes, JICs): the registers'
    rule (:func:`techbridge.core.permissions.is_network_staff`), for menus."""
    return is_network_staff(user)


@register.filter
def headquarters(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user is headquarters staff (evaluation and funding are theirs), for menus."""
    return NeedAudience.of(user).is_headquarters


@register.simple_tag
def main_menu(user: AbstractBaseUser | AnonymousUser) -> list[menu.Entry]:
    """The menu bar's entries for ``user``, as the installed apps declare them."""
    return menu.main_menu(user)


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@register.filter
def person_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """A user's name as it is written: family name first and no space for a Chinese name
    (陈伟), given name first in English and for Latin names (Wei Chen); the username when the
    account has no name."""
    if user is None:
        return ""
    first = str(getattr(user, "first_name", "") or "").strip()
    last = str(getattr(user, "last_name", "") or "").strip()
    if not (first or last):
        return str(user.get_username())
    if _is_cjk(first + last) and translation.get_language() != "en":
        return f"{last}{first}"
    return f"{first} {last}".strip()
