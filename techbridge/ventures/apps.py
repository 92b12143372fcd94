from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import Audience, MenuItem


class VenturesConfig(AppConfig):
    name = "techbridge.ventures"
    verbose_name = pgettext_lazy("app", "衍生企业与投资")
    menu_items = (
        MenuItem(
            _("衍生企业投资组合"),
            "ventures:portfolio",
            "ti-rocket",
            20,
            Audience.NETWORK_STAFF,
            group="network",
        ),
    )
