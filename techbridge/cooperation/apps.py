from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "techbridge.cooperation"
    verbose_name = _("技术合作")
