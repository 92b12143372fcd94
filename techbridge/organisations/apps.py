from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class OrganisationsConfig(AppConfig):
    name = "techbridge.organisations"
    verbose_name = pgettext_lazy("app", "机构")
