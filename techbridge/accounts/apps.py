from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "techbridge.accounts"
    verbose_name = pgettext_lazy("app", "用户与角色")
