from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ChainsConfig(AppConfig):
    name = "techbridge.chains"
    verbose_name = pgettext_lazy("app", "技术链")
