from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class InstitutesConfig(AppConfig):
    name = "techbridge.institutes"
    verbose_name = pgettext_lazy("app", "研究所与运营")
