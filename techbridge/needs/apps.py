from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "techbridge.needs"
    verbose_name = _("技术需求")
