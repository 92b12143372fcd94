from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class VenturesConfig(AppConfig):
    name = "techbridge.ventures"
    verbose_name = pgettext_lazy("app", "衍生企业与投资")
