from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PeopleConfig(AppConfig):
    name = "techbridge.people"
    verbose_name = pgettext_lazy("app", "专家与项目经理")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
