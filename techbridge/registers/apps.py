from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import Audience, MenuItem


class RegistersConfig(AppConfig):
    name = "techbridge.registers"
    verbose_name = pgettext_lazy("app", "登记册")
    menu_items = (
        MenuItem(
            _("登记册（导入导出）"),
            "registers:index",
            "ti-table-import",
            10,
            Audience.NETWORK_STAFF,
            group="network",
            section=2,
        ),
    )
