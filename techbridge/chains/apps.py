from django.apps import AppConfig
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import MenuItem


class ChainsConfig(AppConfig):
    name = "techbridge.chains"
    verbose_name = pgettext_lazy("app", "技术链")
    menu_items = (MenuItem(pgettext_lazy("menu", "技术链"), "chains:list", "ti-hierarchy-3", 50),)
