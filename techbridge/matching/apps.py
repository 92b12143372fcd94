from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class MatchingConfig(AppConfig):
    name = "techbridge.matching"
    verbose_name = pgettext_lazy("app", "需求匹配")

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the index's update handlers)
