from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenturesConfig(AppConfig):
    name = "techbridge.ventures"
    verbose_name = _("衍生企业与投资")
