"""The main menu of a user: the items every installed app declares (``menu_items`` and
``menu_groups`` on its AppConfig), kept to the user's audience and ordered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import reverse

from techbridge.core.menu import Audience, MenuGroup, MenuItem
from techbridge.core.permissions import is_network_staff
from techbridge.needs.visibility import NeedAudience


@dataclass
class Entry:
    """One place in the menu bar: a link, or a drop-down of links in sections."""

    label: Any
    icon: str
    order: int
    url: str = ""
    test_id: str = ""
    sections: list[list[tuple[Any, str, str]]] = field(default_factory=list)


def _audiences(user: Any) -> set[Audience]:
    if not user.is_authenticated:
        return set()
    held = {Audience.SIGNED_IN}
    if is_network_staff(user):
        held.add(Audience.NETWORK_STAFF)
        audience = NeedAudience.of(user)
        if audience.is_headquarters:
            held.add(Audience.HEADQUARTERS)
        if audience.is_headquarters or audience.institute_organisation_ids:
            held.add(Audience.EXPERT_KEEPERS)
    if user.is_staff:
        held.add(Audience.ADMIN)
    return held


def main_menu(user: Any) -> list[Entry]:
    held = _audiences(user)
    items: list[MenuItem] = []
    groups: dict[str, MenuGroup] = {}
    for config in apps.get_app_configs():
        items.extend(getattr(config, "menu_items", ()))
        groups.update({g.key: g for g in getattr(config, "menu_groups", ())})
    entries: list[Entry] = []
    grouped: dict[str, list[MenuItem]] = {}
    for item in items:
        if item.audience not in held:
            continue
        if item.group is None:
            url = reverse(item.url_name, args=item.url_args)
            entries.append(Entry(item.label, item.icon, item.order, url, item.test_id))
        else:
            grouped.setdefault(item.group, []).append(item)
    for key, members in grouped.items():
        group = groups[key]
        if group.audience not in held:
            continue
        sections: dict[int, list[tuple[Any, str, str]]] = {}
        for item in sorted(members, key=lambda i: (i.section, i.order)):
            link = (item.label, item.icon, reverse(item.url_name, args=item.url_args))
            sections.setdefault(item.section, []).append(link)
        entries.append(
            Entry(
                group.label,
                group.icon,
                group.order,
                test_id=group.test_id,
                sections=[sections[s] for s in sorted(sections)],
            )
        )
    return sorted(entries, key=lambda e: e.order)
