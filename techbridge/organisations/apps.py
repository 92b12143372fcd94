from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import Audience, MenuItem


class OrganisationsConfig(AppConfig):
    name = "techbridge.organisations"
    verbose_name = pgettext_lazy("app", "机构")
    menu_items = (
        MenuItem(
            _("海外合作伙伴"),
            "organisations:partners",
            "ti-world",
            30,
            Audience.NETWORK_STAFF,
            group="network",
        ),
    )
