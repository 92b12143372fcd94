from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutesConfig(AppConfig):
    name = "techbridge.institutes"
    verbose_name = _("研究所与运营")
