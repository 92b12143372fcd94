from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class RegistersConfig(AppConfig):
    name = "techbridge.registers"
    verbose_name = pgettext_lazy("app", "登记册")
