from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class NotificationsConfig(AppConfig):
    name = "techbridge.notifications"
    verbose_name = pgettext_lazy("app", "通知")

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the handlers that send notifications)
