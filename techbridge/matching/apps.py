from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import Audience, MenuItem


class MatchingConfig(AppConfig):
    name = "techbridge.matching"
    verbose_name = pgettext_lazy("app", "需求匹配")
    menu_items = (
        MenuItem(
            _("术语表"),
            "matching:glossary",
            "ti-language",
            20,
            Audience.NETWORK_STAFF,
            group="network",
            section=2,
        ),
    )

    def ready(self) -> None:
        from django_q.signals import post_spawn

        from . import signals  # noqa: F401 (connects the change feed's writers)
        from .jobs import warm_up

        post_spawn.connect(warm_up, dispatch_uid="matching_warm_up")
