from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import Audience, MenuItem


def warm_up_job_process(**kwargs: object) -> None:
    """django-q2's ``post_spawn``: a job process loads the encoder before its first job. The
    jobs module (and the engine under it) is imported here, in job processes only: a web
    process or a command loads the engine when it first matches or encodes."""
    from .jobs import warm_up

    warm_up()


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

        # (serving.py, imported by whatever serves matches, follows the feed's commits)
        from . import checks, signals  # noqa: F401 (the system checks; the change feed's writers)

        post_spawn.connect(warm_up_job_process, dispatch_uid="matching_warm_up")
