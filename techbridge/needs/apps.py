from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class NeedsConfig(AppConfig):
    name = "techbridge.needs"
    verbose_name = pgettext_lazy("app", "技术需求")
