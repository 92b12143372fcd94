from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import Audience, MenuItem


class TalentConfig(AppConfig):
    name = "techbridge.talent"
    verbose_name = pgettext_lazy("app", "人才")
    menu_items = tuple(
        MenuItem(label, url, icon, order, Audience.NETWORK_STAFF, group="network", section=1)
        for label, url, icon, order in (
            (_("集萃研究员"), "talent:fellows", "ti-award", 10),
            (_("集萃大学"), "talent:university", "ti-school", 20),
            (_("项目经理"), "talent:project-managers", "ti-user-star", 30),
        )
    )
