from django.apps import AppConfig
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import MenuItem


class NeedsConfig(AppConfig):
    name = "techbridge.needs"
    verbose_name = pgettext_lazy("app", "技术需求")
    menu_items = (MenuItem(pgettext_lazy("menu", "技术需求"), "needs:list", "ti-bulb", 20),)
