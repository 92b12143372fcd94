"""The main menu, declared by the apps: each AppConfig lists its ``menu_items``.

The page header (``web``'s ``main_menu`` tag) collects them from every installed app, keeps
the ones the signed-in user's audience may open, and orders them. Items with a ``group`` go
into that group's drop-down, separated by ``section``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django_stubs_ext import StrOrPromise


class Audience(StrEnum):
    """Who sees a menu item."""

    SIGNED_IN = "signed_in"
    #: Headquarters, institute and JIC staff (``core.permissions.is_network_staff``).
    NETWORK_STAFF = "network_staff"
    #: Headquarters staff (evaluation and funding are theirs).
    HEADQUARTERS = "headquarters"
    #: Headquarters and institute staff (publication imports for their experts).
    EXPERT_KEEPERS = "expert_keepers"
    #: Django staff accounts (the admin site).
    ADMIN = "admin"


@dataclass(frozen=True)
class MenuItem:
    label: StrOrPromise
    url_name: str
    icon: str
    order: int
    audience: Audience = Audience.SIGNED_IN
    url_args: tuple[object, ...] = ()
    #: The drop-down the item belongs to (``None``: the menu bar itself), and its part of it.
    group: str | None = None
    section: int = 0
    test_id: str = ""


@dataclass(frozen=True)
class MenuGroup:
    key: str
    label: StrOrPromise
    icon: str
    order: int
    audience: Audience = Audience.SIGNED_IN
    test_id: str = ""
