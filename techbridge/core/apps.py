from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CoreConfig(AppConfig):
    name = "techbridge.core"
    verbose_name = pgettext_lazy("app", "基础数据")

    def ready(self) -> None:
        from .audit import register_all

        register_all()
