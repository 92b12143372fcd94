from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "techbridge.core"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        from .audit import register_all

        register_all()
