from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class JicsConfig(AppConfig):
    name = "techbridge.jics"
    verbose_name = pgettext_lazy("app", "联合创新中心")
