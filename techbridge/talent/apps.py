from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class TalentConfig(AppConfig):
    name = "techbridge.talent"
    verbose_name = pgettext_lazy("app", "人才")
