from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JicsConfig(AppConfig):
    name = "techbridge.jics"
    verbose_name = _("联合创新中心")
