from django.apps import AppConfig
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import MenuItem


class CooperationConfig(AppConfig):
    name = "techbridge.cooperation"
    verbose_name = pgettext_lazy("app", "技术合作")
    menu_items = (
        MenuItem(pgettext_lazy("menu", "对接看板"), "cooperation:pipeline", "ti-layout-kanban", 30),
        MenuItem(pgettext_lazy("menu", "合同"), "cooperation:contracts", "ti-file-certificate", 40),
    )
