from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "techbridge.accounts"
    verbose_name = pgettext_lazy("app", "用户与角色")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from . import security

        user_login_failed.connect(security.login_failed, dispatch_uid="security_login_failed")
        user_locked_out.connect(security.locked_out, dispatch_uid="security_locked_out")
