from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class MatchingConfig(AppConfig):
    name = "techbridge.matching"
    verbose_name = pgettext_lazy("app", "需求匹配")

    def ready(self) -> None:
        from django_q.signals import post_spawn

        from . import signals  # noqa: F401 (connects the change feed's writers)
        from .jobs import warm_up

        post_spawn.connect(warm_up, dispatch_uid="matching_warm_up")
